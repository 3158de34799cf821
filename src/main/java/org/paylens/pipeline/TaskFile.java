package org.paylens.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * Where one task writes one file of an output directory: under a hidden name (readers skip names starting with a
 * dot) until {@link #commit} renames it to part-NNNNN, so a failed or repeated task attempt never leaves a
 * half-written part that readers would see. Two attempts of one task write the same bytes (the world is a function
 * of the scenario), so the first to commit wins and the other's file is dropped.
 */
public final class TaskFile {
    private final FileSystem fs;
    public final Path hidden;
    public final Path part;

    /**
     * @param extension the part's name after its number, such as ".snappy.parquet" or ".txt"
     */
    public TaskFile(Configuration conf, Path dir, int partition, int attempt, String extension) throws IOException {
        this.fs = dir.getFileSystem(conf);
        String name = String.format("part-%05d%s", partition, extension);
        this.part = new Path(dir, name);
        this.hidden = new Path(dir, "." + name + "." + attempt + ".inprogress");
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** Moves the closed hidden file to its part name. */
    public void commit() throws IOException {
        if (!fs.rename(hidden, part)) {
            if (!fs.exists(part)) {
                throw new IOException("could not move " + hidden + " to " + part);
            }
            fs.delete(hidden, false); // another attempt of the task committed the same bytes first
        }
    }

    /** Deletes the hidden file: for a task that failed. */
    public void abort() {
        try {
            fs.delete(hidden, false);
        } catch (IOException ignored) {
            // a hidden leftover is skipped by every reader and goes with the staging directory
        }
    }
}
