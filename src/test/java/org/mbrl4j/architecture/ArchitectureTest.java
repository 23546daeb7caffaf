package org.mbrl4j.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, checked on the compiled main classes: data flows down, nothing reaches up
 * (tensor, rng, config &lt; backend &lt; autograd &lt; nn &lt; agent, env, buffer &lt; train &lt; cli), and
 * no two packages depend on each other in a cycle. {@code io} (safetensors files) is a utility layer
 * beside tensor; {@code log} writers, where they exist, sit with train.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.mbrl4j");
    }

    @Test
    void lowerLayersNeverImportHigherOnes() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("base").definedBy("org.mbrl4j.tensor..", "org.mbrl4j.rng..", "org.mbrl4j.config..",
                        "org.mbrl4j.io..")
                .layer("backend").definedBy("org.mbrl4j.backend..")
                .layer("autograd").definedBy("org.mbrl4j.autograd..")
                .layer("nn").definedBy("org.mbrl4j.nn..")
                .layer("model").definedBy("org.mbrl4j.agent..", "org.mbrl4j.env..", "org.mbrl4j.buffer..")
                .layer("train").definedBy("org.mbrl4j.train..")
                .layer("cli").definedBy("org.mbrl4j.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("train").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("train", "cli")
                .whereLayer("nn").mayOnlyBeAccessedByLayers("model", "train", "cli")
                .whereLayer("autograd").mayOnlyBeAccessedByLayers("nn", "model", "train", "cli")
                .whereLayer("backend").mayOnlyBeAccessedByLayers("autograd", "nn", "model", "train", "cli")
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.mbrl4j.(**)").should().beFreeOfCycles().check(classes);
    }

    /** Agents open profiler ranges through Backend.range, never through Nvtx or another backend's class. */
    @Test
    void agentsReachTheDeviceOnlyThroughTheBackendInterface() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("org.mbrl4j.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mbrl4j.backend.cuda..", "org.mbrl4j.backend.cpu..")
                .check(classes);
    }

    @Test
    void thePlannerDoesNotKnowTdmpc2() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("org.mbrl4j.agent.planner..")
                .should().dependOnClassesThat().resideInAPackage("org.mbrl4j.agent.tdmpc2..")
                .check(classes);
    }
}
