package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the command line, as a user types it: exit code, stdout and stderr.
 *
 * @param code exit code (0, or {@link Cli#EXIT_USER_ERROR} for a one-line user error)
 * @param out  what the command printed on stdout
 * @param err  what it printed on stderr
 */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The last non-blank stderr line (e.g. the cache-use line a computing command ends with). */
    String lastErrLine() {
        List<String> lines = err.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
