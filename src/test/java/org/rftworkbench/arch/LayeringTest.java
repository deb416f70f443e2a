package org.rftworkbench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

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

    @ArchTest
    static final ArchRule onlyTheSparkRunnerKnowsSpark = noClasses().that().resideOutsideOfPackage(
            "org.rftworkbench.spark..").should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..",
                    "scala..")
            .because("Spark is provided by the cluster, not shipped: the desktop jar and the CLI reach it only "
                    + "through ClusterEngine (ServiceLoader)");

    @ArchTest
    static final ArchRule sparkRunnerRunsTheHeadlessCore = noClasses().that().resideInAPackage(
            "org.rftworkbench.spark..").should().dependOnClassesThat().resideInAnyPackage("javafx..",
                    "org.rftworkbench.ui..", "org.rftworkbench.cli..", "org.rftworkbench.figures..")
            .because("executors run the headless core only");

    /** The screens of the desktop app: each a View + ViewModel package. What they share lives in ui.common. */
    static final List<String> SCREENS = List.of("interpolation", "layers", "sparsity", "project", "jobs");

    @ArchTest
    static final ArchRule screensDoNotImportEachOther = CompositeArchRule.of(SCREENS.stream()
            .map(LayeringTest::screenStaysInItsPackage).toList());

    /** Screen {@code screen} depends on no other screen, nor on the window that composes them or the dev tools. */
    private static ArchRule screenStaysInItsPackage(String screen) {
        String[] others = Stream.concat(SCREENS.stream().filter(s -> !s.equals(screen)), Stream.of("app", "devtools"))
                .map(s -> "org.rftworkbench.ui." + s + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("org.rftworkbench.ui." + screen + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("a screen is a View + ViewModel over core, figures and ui.common; MainWindow composes them");
    }
}
