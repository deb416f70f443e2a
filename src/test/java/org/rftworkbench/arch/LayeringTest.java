package org.rftworkbench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The headless core must never depend on a UI toolkit, nor on the CLI or UI layers built on top of it. */
@AnalyzeClasses(packages = "org.rftworkbench", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    @ArchTest
    static final ArchRule coreHasNoUiToolkit = noClasses().that().resideInAPackage("org.rftworkbench.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..", "org.controlsfx..",
                    "javax.swing..")
            .because("the core runs headless in the CLI, the compute server and tests");

    @ArchTest
    static final ArchRule coreDoesNotKnowItsClients = noClasses().that().resideInAPackage("org.rftworkbench.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.rftworkbench.ui..", "org.rftworkbench.cli..");

    @ArchTest
    static final ArchRule cliHasNoUiToolkit = noClasses().that().resideInAPackage("org.rftworkbench.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..", "org.controlsfx..");

    @ArchTest
    static final ArchRule figuresRunHeadless = noClasses().that().resideInAPackage("org.rftworkbench.figures..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.rftworkbench.ui..",
                    "org.rftworkbench.cli..")
            .because("figures are made by the CLI in a headless JVM as well as by the window");
}
