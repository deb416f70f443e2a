package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.engine.EngineReport;
import org.rftworkbench.core.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rft-workbench engine}: loads the deep-learning engine and prints what Help &gt; Engine shows (versions,
 * flavour, devices, and where the native library came from). The first thing to run when a GPU opt-in or an
 * installed app fails to load libtorch: a failure to load prints DJL's own error with {@code --debug}.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Load the compute engine and print its version, flavour, devices and native library location.")
public final class EngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EngineReport report = Engines.report();
        PrintWriter out = spec.commandLine().getOut();
        out.println("rft-workbench " + Version.get());
        out.println("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")");
        report.lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
