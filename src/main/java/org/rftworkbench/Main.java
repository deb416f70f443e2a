package org.rftworkbench;

/** Entry point: no arguments opens the desktop app, a subcommand runs the CLI. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("RFT Workbench (skeleton)");
    }
}
