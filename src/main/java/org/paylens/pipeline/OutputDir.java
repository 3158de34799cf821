package org.paylens.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.paylens.spark.HadoopLocations;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The output directory of a run and the one way anything is written into it: to a staging place first, then
 * published by a rename, so that a failed run never leaves a result that looks whole. Paths go through Hadoop's
 * FileSystem, so the directory can be local or any Hadoop-compatible URI.
 */
public final class OutputDir {
    public static final String RAW = "raw";
    public static final String TRUTH = "truth";
    public static final String CANONICAL = "canonical";
    public static final String QUARANTINE = "quarantine";
    public static final String OBSERVATIONS = "observations";
    public static final String METRICS = "metrics";
    public static final String REPORT = "report";
    public static final String RUN_JSON = "run.json";
    /** Marks a directory paylens made, so {@code --overwrite} never empties a directory it did not make. */
    static final String MARKER = ".paylens-output";
    private static final String STAGING = ".staging";

    private final FileSystem fs;
    private final Path root;

    private OutputDir(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** Whether a local directory holds paylens' mark, that is, paylens made it for a run. */
    public static boolean madeByPaylens(java.nio.file.Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(MARKER));
    }

    /** A local path (relative to the current directory) or a URI such as file:///data/out or hdfs://nn/out. */
    public static OutputDir at(String location, Configuration conf) {
        try {
            URI uri = HadoopLocations.isUri(location) ? URI.create(location) : java.nio.file.Path.of(location).toAbsolutePath().normalize().toUri();
            Path root = new Path(uri);
            FileSystem fs = root.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc files beside the report and JSON files on local disks
            return new OutputDir(fs, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open output location " + location, e);
        } catch (IllegalArgumentException e) {
            throw new UserError("--out " + location + ": not a valid path or URI (" + e.getMessage() + ")");
        }
    }

    /** An output directory inside this one, on the same file system (a run of a comparison or a sweep). */
    public OutputDir child(String... parts) {
        return new OutputDir(fs, path(parts));
    }

    public static OutputDir at(String location) {
        return at(location, new Configuration());
    }

    /** The location as shown to users: a plain path for local directories. */
    public String display(String... parts) {
        Path path = path(parts);
        String shown = "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
        return shown.length() > 1 && shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    public Path path(String... parts) {
        Path path = root;
        for (String part : parts) {
            path = new Path(path, part);
        }
        return path;
    }

    /** A fully qualified string for Spark readers and writers. */
    public String uri(String... parts) {
        return path(parts).toString();
    }

    /**
     * Makes the directory ready for a new run: refuses a non-empty directory unless {@code overwrite}, and then
     * only if paylens made it.
     */
    public void prepareForRun(boolean overwrite) {
        try {
            for (FileStatus entry : checkUsable(overwrite)) {
                fs.delete(entry.getPath(), true);
            }
            fs.mkdirs(root);
            writeAtomically(MARKER, "paylens output directory\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output directory " + display(), e);
        }
    }

    /**
     * Checks, without changing anything, that a new run may use the directory: it is empty or absent, or
     * {@code overwrite} is set and paylens made it.
     *
     * @return what a new run would delete
     */
    public FileStatus[] checkUsable(boolean overwrite) {
        try {
            if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
                throw new UserError("--out " + display() + ": is a file, not a directory");
            }
            FileStatus[] entries = fs.exists(root) ? fs.listStatus(root) : new FileStatus[0];
            if (entries.length > 0) {
                if (!overwrite) {
                    throw new UserError("--out " + display() + ": directory is not empty; add --overwrite to replace "
                            + "the earlier paylens run there, or choose another --out");
                }
                if (!fs.exists(path(MARKER))) {
                    throw new UserError("--out " + display() + ": directory is not empty and was not made by paylens; "
                            + "refusing to delete it even with --overwrite");
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read output directory " + display(), e);
        }
    }

    /** Refuses to run a single stage in a directory that does not hold what it reads. */
    public void requireStage(String dir, String producedBy) {
        if (!exists(dir)) {
            throw new UserError("--out " + display() + ": has no " + dir + "/; run '" + producedBy + "' first "
                    + "(or 'run' for the whole pipeline)");
        }
    }

    public boolean exists(String... parts) {
        try {
            return fs.exists(path(parts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, empty staging location for one output directory of a stage. */
    public String staging(String name) {
        Path path = path(STAGING, name);
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path.toString();
    }

    /** Moves a finished staging location to its final name, replacing what was there. */
    public void publish(String name) {
        Path staged = path(STAGING, name);
        Path target = path(name);
        try {
            if (!fs.exists(staged)) {
                throw new IllegalStateException("nothing staged for " + name);
            }
            fs.delete(target, true);
            fs.mkdirs(target.getParent());
            if (!fs.rename(staged, target)) {
                throw new IOException("rename " + staged + " -> " + target + " failed");
            }
            deleteIfEmpty(path(STAGING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + name, e);
        }
    }

    /**
     * Copies a published output directory of another run into this one, through staging, so that a copy cut short
     * leaves nothing that looks whole. The two may be on different file systems.
     */
    public void copyPublished(OutputDir from, String name) {
        Path staged = new Path(staging(name));
        try {
            if (!FileUtil.copy(from.fs, from.path(name), fs, staged, false, fs.getConf())) {
                throw new IOException("copy " + from.path(name) + " -> " + staged + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from.display(name) + " into " + display(), e);
        }
        publish(name);
    }

    /** Writes one file into a staging location made by {@link #staging}. */
    public void writeStaged(String stagingName, String relativePath, String text) {
        writeStaged(stagingName, relativePath, text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeStaged(String stagingName, String relativePath, byte[] content) {
        Path target = new Path(path(STAGING, stagingName), relativePath);
        try {
            fs.mkdirs(target.getParent());
            try (FSDataOutputStream out = fs.create(target, true)) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Removes a working directory from a staging location before it is published. */
    public void deleteStaged(String stagingName, String relativePath) {
        try {
            fs.delete(new Path(path(STAGING, stagingName), relativePath), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String name) {
        try {
            fs.delete(path(name), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeAtomically(String name, String text) {
        writeAtomically(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file beside its final name and renames it into place, so readers see all of it or none. */
    public void writeAtomically(String name, byte[] content) {
        Path target = path(name);
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            fs.mkdirs(target.getParent());
            try (FSDataOutputStream out = fs.create(temporary, true)) {
                out.write(content);
            }
            fs.delete(target, false);
            if (!fs.rename(temporary, target)) {
                throw new IOException("rename " + temporary + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + display(name), e);
        }
    }

    public String readText(String name) {
        try (FSDataInputStream in = fs.open(path(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            throw new UserError(display(name) + ": not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + display(name), e);
        }
    }

    private void deleteIfEmpty(Path dir) throws IOException {
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
    }
}
