package org.rftworkbench;

import org.rftworkbench.cli.Cli;
import org.rftworkbench.ui.app.DesktopLauncher;

/**
 * Entry point of {@code java -jar rft-workbench.jar}: no arguments opens the desktop app, anything else runs the
 * command line ({@code --help} lists the subcommands). Deliberately not a JavaFX {@code Application}: the java
 * launcher refuses such a main class when JavaFX is on the class path rather than the module path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.exit(DesktopLauncher.launch(args));
        }
        System.exit(Cli.run(args));
    }
}
