package dev.htapod;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the arrows of STYLE.md's picture honest: cli -> api <- engine -> namespace. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.htapod");

  @Test
  void theApiDependsOnTheJdkOnly() {
    classes()
        .that().resideInAPackage("dev.htapod.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.htapod.api..", "java..")
        .check(CLASSES);
  }

  @Test
  void theCliUsesTheApiOnly() {
    noClasses()
        .that().resideInAPackage("dev.htapod.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.htapod.engine..", "dev.htapod.namespace..")
        .check(CLASSES);
  }

  @Test
  void tlsNeedsOnlyTheApiBouncyCastleAndNettyBuffers() {
    classes()
        .that().resideInAPackage("dev.htapod.tls..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.htapod.tls..", "dev.htapod.api..", "org.bouncycastle..", "io.netty.buffer..", "java..",
            "javax..")
        .check(CLASSES);
  }

  @Test
  void reportsNeedOnlyTheApiAndHttp() {
    // Netty's buffers only: the pcapng writer reads the relay's ByteBufs as they are, uncopied.
    noClasses()
        .that().resideInAPackage("dev.htapod.report..")
        .should().dependOnClassesThat(
            resideInAnyPackage(
                "dev.htapod.cli..", "dev.htapod.engine..", "dev.htapod.namespace..", "dev.htapod.netstack..",
                "dev.htapod.relay..", "dev.htapod.tls..")
                .or(resideInAPackage("io.netty..").and(not(resideInAPackage("io.netty.buffer..")))))
        .check(CLASSES);
    noClasses()
        .that().resideInAPackage("dev.htapod.http..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.htapod.cli..", "dev.htapod.engine..")
        .check(CLASSES);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    noClasses()
        .that().resideInAPackage("dev.htapod.namespace..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.htapod.engine..", "dev.htapod.cli..")
        .check(CLASSES);
    noClasses()
        .that().resideInAPackage("dev.htapod.engine..")
        .should().dependOnClassesThat().resideInAPackage("dev.htapod.cli..")
        .check(CLASSES);
  }

  @Test
  void theLaunchersTrainingIsOnTopOfTheCli() {
    noClasses()
        .that().resideOutsideOfPackage("dev.htapod.launcher..")
        .should().dependOnClassesThat().resideInAPackage("dev.htapod.launcher..")
        .check(CLASSES);
    noClasses()
        .that().resideInAPackage("dev.htapod.launcher..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.htapod.engine..", "dev.htapod.namespace..")
        .check(CLASSES);
  }
}
