package org.paylens.cli;

import org.paylens.spark.SparkSessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The spark-submit line that runs a paylens command line on a cluster: --master and --conf become spark-submit's
 * own options, the thin jar is the application, and every other argument is passed on unchanged.
 */
final class SubmitLine {
    static final String MAIN_CLASS = "org.paylens.cli.Main";
    /** Shown when paylens runs from a build's class directory rather than from its jar. */
    static final String JAR_PLACEHOLDER = "target/paylens-VERSION.jar";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private SubmitLine() {
    }

    /**
     * @param args   the paylens arguments as given, the command's name first
     * @param master the --master value, or null (spark-submit's default then applies, as bin/paylens' does)
     * @param conf   the --conf settings
     */
    static String of(List<String> args, String master, Map<String, String> conf) {
        List<List<String>> lines = new ArrayList<>();
        List<String> first = new ArrayList<>(List.of("spark-submit"));
        if (master != null) {
            first.addAll(List.of("--master", master));
        }
        first.addAll(List.of("--deploy-mode", "client"));
        lines.add(first);
        conf.forEach((key, value) -> lines.add(List.of("--conf", key + "=" + value)));
        lines.add(List.of("--class", MAIN_CLASS,
                SparkSessions.ownJar().map(jar -> jar.toAbsolutePath().toString()).orElse(JAR_PLACEHOLDER)));
        lines.add(passedOn(args));
        return String.join(" \\\n  ", lines.stream().map(SubmitLine::shellWords).toList());
    }

    /** The arguments without the ones spark-submit takes over (--master, --conf) and without --print-submit. */
    static List<String> passedOn(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--print-submit") || arg.startsWith("--master=") || arg.startsWith("--conf=")) {
                continue;
            }
            if (arg.equals("--master") || arg.equals("--conf")) {
                i++; // and its value
                continue;
            }
            kept.add(arg);
        }
        return kept;
    }

    /** Words as a POSIX shell reads them back: quoted only when they need it. */
    static String shellWords(List<String> words) {
        return String.join(" ", words.stream()
                .map(word -> SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'").toList());
    }
}
