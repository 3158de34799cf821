package org.paylens.cli;

import org.paylens.pipeline.UserError;
import org.paylens.pipeline.Versions;
import org.paylens.scenario.ScenarioException;
import org.paylens.spark.HadoopLocations;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The paylens command line. Exit codes: 0 done; 1 the job failed; 2 the input was wrong (an option, a scenario
 * key, the output directory): one line on stderr saying what and where, no stack trace unless --verbose.
 */
@Command(name = "paylens",
        description = "Simulates who sees what people buy when they pay with a phone, a card or cash, "
                + "and measures how concentrated that purchase data is.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, GenerateCommand.class, IngestCommand.class, AnalyzeCommand.class,
                CompareCommand.class, SweepCommand.class, BenchCommand.class,
                ReportCommand.class, ScenariosCommand.class, CalibrateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** bench: the run finished but a DuckDB cross-check disagrees with Spark. */
    public static final int EXIT_DISAGREES = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests and the notebook API). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::handle);
        commandLine.setParameterExceptionHandler(Main::handleParameterError);
        commandLine.setExecutionStrategy(Main::printSubmitOrRun);
        return commandLine;
    }

    /** --print-submit on any command that starts Spark prints the spark-submit line instead of running. */
    private static int printSubmitOrRun(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult command = lastSubcommand(parseResult);
        if (!command.hasMatchedOption("--print-submit") || CommandLine.printHelpIfRequested(parseResult)) {
            return new CommandLine.RunLast().execute(parseResult);
        }
        String master = command.matchedOptionValue("--master", null);
        Map<String, String> conf = command.matchedOptionValue("--conf", Map.of());
        PrintWriter out = command.commandSpec().commandLine().getOut();
        out.println(SubmitLine.of(parseResult.originalArgs(), master, conf));
        out.flush();
        String location = command.matchedOptionValue("--out", null);
        if (master != null && !master.startsWith("local") && location != null && !HadoopLocations.isUri(location)) {
            PrintWriter err = command.commandSpec().commandLine().getErr();
            err.println("paylens: note: --out " + location + " is a path on this machine; executors on other machines "
                    + "write there too, so give a shared location (hdfs://…, s3a://…, or file:// on a shared mount)");
            err.flush();
        }
        return 0;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleParameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("paylens: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return EXIT_BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = verbose(parseResult);
        Throwable userError = userError(e);
        if (userError != null) {
            err.println("paylens: " + userError.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_BAD_INPUT;
        }
        // An intermittent failure cannot be run again with --verbose, so its stack trace is always kept.
        java.nio.file.Path log = FailureLog.write(lastSubcommand(parseResult).matchedOptionValue("--out", null),
                parseResult.originalArgs(), e);
        err.println("paylens: failed: " + firstLine(e) + (log == null ? "" : "\npaylens: the stack trace is in " + log));
        if (verbose) {
            e.printStackTrace(err);
        }
        return EXIT_FAILED;
    }

    /** A user error may arrive wrapped (e.g. thrown inside a Spark job); find it. */
    private static Throwable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError || t instanceof ScenarioException) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        return lastSubcommand(parseResult).hasMatchedOption("--verbose");
    }

    private static CommandLine.ParseResult lastSubcommand(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"paylens " + Versions.paylens()};
        }
    }
}
