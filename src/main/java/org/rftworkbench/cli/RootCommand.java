package org.rftworkbench.cli;

import org.rftworkbench.core.Version;
import org.rftworkbench.core.util.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code rft-workbench}: the top-level command; without a subcommand the launcher opens the desktop app. */
@Command(name = "rft-workbench", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = "Robust fine-tuning workbench: interpolate CLIP checkpoints (WiSE-FT) and evaluate ID/OOD accuracy.",
        subcommands = {
            InspectCommand.class,
            DiffCommand.class,
            SweepCommand.class,
            PlaneCommand.class,
            LayerSearchCommand.class,
            SharpnessCommand.class,
            StragglersCommand.class,
            SparsifyCommand.class,
            CorrelateCommand.class,
            ZeroShotCommand.class,
            StudyCommand.class,
            SoupCommand.class,
            MakeSampleCommand.class,
            MakeRehearsalCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            BenchLatencyCommand.class,
            FiguresCommand.class,
            EngineCommand.class,
        })
public final class RootCommand implements Runnable {
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    /** Read by {@link Cli#run} before any logger exists (slf4j-simple is configured once); declared for parsing. */
    @Option(names = Logging.VERBOSE_OPTION, scope = ScopeType.INHERIT,
            description = "Log at INFO, the engine's start-up included (by default it logs errors only).")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version baked in at build time. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rft-workbench " + Version.get()};
        }
    }
}
