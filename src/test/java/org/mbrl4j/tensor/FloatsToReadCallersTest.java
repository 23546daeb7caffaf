package org.mbrl4j.tensor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The array handed out without a version bump ({@link HostStorage#floatsToRead()},
 * {@link Tensor#floatsToRead()}) is read only where kept data is derived from it: the layer GEMM's weight
 * operand ({@code backend.cpu.EnsembleLinear}) and the kept panels' own check. Any other main class must
 * take the array through {@code floats()}, whose acquisition counts as a write, so a new writer cannot
 * leave kept panels stale by reaching for the unversioned accessor.
 */
class FloatsToReadCallersTest {

    @Test
    void onlyTheKeptWeightReadersTakeTheArrayWithoutAVersionBump() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.mbrl4j");
        noClasses().that().doNotHaveFullyQualifiedName("org.mbrl4j.backend.cpu.EnsembleLinear")
                .and().doNotHaveFullyQualifiedName("org.mbrl4j.backend.cpu.GemmWeightPanels")
                .and().doNotHaveFullyQualifiedName("org.mbrl4j.backend.cpu.GemmWeightPanels$Entry")
                .and().doNotHaveFullyQualifiedName(Tensor.class.getName())
                .should().callMethod(HostStorage.class, "floatsToRead")
                .orShould().callMethod(Tensor.class, "floatsToRead")
                .because("floatsToRead() skips the version bump that keeps derived data (GEMM panels) current")
                .check(classes);
    }
}
