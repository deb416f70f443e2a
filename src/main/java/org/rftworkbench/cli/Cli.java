package org.rftworkbench.cli;

import java.io.PrintWriter;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Logging;
import org.rftworkbench.core.util.PlainMessages;
import picocli.CommandLine;

/**
 * Runs the command line. Errors the user can act on ({@link RftException}) print one line and exit with code 2; a
 * stack trace is printed only with {@code --debug}. Unexpected failures exit with code 1. The engine logs errors only
 * (src/main/resources/simplelogger.properties), so an error line is the first thing on stderr; {@code --verbose}
 * restores its INFO lines.
 */
public final class Cli {
    public static final int EXIT_USER_ERROR = 2;
    public static final int EXIT_INTERNAL_ERROR = 1;

    private Cli() {
    }

    /** Builds the command line (exposed for tests, which capture its output). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        cl.setExecutionExceptionHandler(Cli::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * Runs one command. {@code --verbose} is applied here, before the command line (and any class with a logger)
     * exists: slf4j-simple reads its configuration once, at the first logger.
     */
    public static int run(String... args) {
        if (Logging.wantsVerbose(args)) {
            Logging.verbose();
        }
        return commandLine().execute(args);
    }

    /**
     * Entry point of the console-only launcher ({@code rft-workbench-cli} in the installed app): unlike
     * {@code org.rftworkbench.Main} it never opens the window, so no arguments prints the usage.
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = ((RootCommand) cl.getCommandSpec().root().userObject()).debug;
        if (e instanceof RftException) {
            err.println("error: " + PlainMessages.scrub(e.getMessage()));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_USER_ERROR;
        }
        if (e instanceof CancelledException) {
            err.println("cancelled");
            err.flush();
            return EXIT_USER_ERROR;
        }
        // the class name is in the stack trace that --debug prints, not in the line every user sees
        err.println("internal error: " + PlainMessages.of(e) + (debug ? "" : " (run with --debug for details)"));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }
}
