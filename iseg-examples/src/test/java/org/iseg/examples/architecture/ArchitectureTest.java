package org.iseg.examples.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of {@code docs/architecture.md}, checked on the main classes of every module
 * (iseg-examples' tests have them all on the class path; test classes and test-jars are left out).
 */
class ArchitectureTest {
  /** Main classes only: no test classes of this module, no test-jars (SharedData, NearestClickModel). */
  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");
  private static final ImportOption MAIN_CLASSES_ONLY = location -> !location.contains("/test-classes/")
      && !location.matches(TEST_JAR);

  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(MAIN_CLASSES_ONLY)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.iseg");

  private static final String[] LIBRARY_MODULES = {
    "org.iseg.api..", "org.iseg.clicking..", "org.iseg.data..", "org.iseg.metrics..", "org.iseg.models..",
    "org.iseg.engine.."
  };

  @Test
  void theImportSeesEveryModule() {
    for (String module : new String[] {"api", "clicking", "data", "metrics", "models", "engine", "examples"}) {
      if (MAIN.stream().noneMatch(c -> c.getPackageName().startsWith("org.iseg." + module))) {
        throw new AssertionError("no main class of iseg-" + module + " on the class path");
      }
    }
    if (MAIN.stream().anyMatch(c -> c.getSimpleName().endsWith("Test") || c.getSimpleName().equals("SharedData"))) {
      throw new AssertionError("test classes were imported");
    }
  }

  @Test
  void theApiDependsOnNothingHeavy() {
    noClasses().that().resideInAPackage("org.iseg.api..")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.bytedeco..", "com.google..",
            "org.iseg.clicking..", "org.iseg.data..", "org.iseg.metrics..", "org.iseg.models..",
            "org.iseg.engine..", "org.iseg.examples..")
        .because("iseg-api is plain Java value types, interfaces and SPI (docs/architecture.md)")
        .check(MAIN);
  }

  @Test
  void modulesFollowTheAllowedDependencyDirection() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("api").definedBy("org.iseg.api..")
        .layer("clicking").definedBy("org.iseg.clicking..")
        .layer("data").definedBy("org.iseg.data..")
        .layer("metrics").definedBy("org.iseg.metrics..")
        .layer("models").definedBy("org.iseg.models..")
        .layer("engine").definedBy("org.iseg.engine..")
        .layer("examples").definedBy("org.iseg.examples..")
        .whereLayer("examples").mayNotBeAccessedByAnyLayer()
        .whereLayer("engine").mayOnlyBeAccessedByLayers("examples")
        .whereLayer("clicking").mayOnlyBeAccessedByLayers("engine", "examples")
        .whereLayer("data").mayOnlyBeAccessedByLayers("engine", "examples")
        .whereLayer("metrics").mayOnlyBeAccessedByLayers("engine", "examples")
        .whereLayer("models").mayOnlyBeAccessedByLayers("engine", "examples")
        .because("api <- clicking, data, metrics, models <- engine <- examples (docs/architecture.md)")
        .check(MAIN);
  }

  @Test
  void benchmarksLiveOnlyInTheExamples() {
    noClasses().that().resideInAnyPackage(LIBRARY_MODULES)
        .should().resideInAPackage("..bench..")
        .because("benchmarks run from iseg bench (org.iseg.examples.bench) and stay out of the library jars")
        .check(MAIN);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("org.iseg.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void mainClassesHaveUniqueSimpleNames() {
    uniqueSimpleNames().check(MAIN);
  }

  /**
   * DJL's {@code NDArray.mul(Number)} (and div, maximum, minimum, pow, clip) wraps the number in an array on a Java
   * buffer and closes it at once; autograd keeps that array for the backward pass, which reads freed memory once
   * the garbage collector has run. {@code models.nn.Ops} has the same operations with the number in libtorch's
   * memory.
   */
  @Test
  void arithmeticWithANumberGoesThroughOps() {
    ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName("org.iseg.models.nn.Ops")
        .should().callMethod(ai.djl.ndarray.NDArray.class, "mul", Number.class)
        .orShould().callMethod(ai.djl.ndarray.NDArray.class, "div", Number.class)
        .orShould().callMethod(ai.djl.ndarray.NDArray.class, "maximum", Number.class)
        .orShould().callMethod(ai.djl.ndarray.NDArray.class, "minimum", Number.class)
        .orShould().callMethod(ai.djl.ndarray.NDArray.class, "pow", Number.class)
        .orShould().callMethod(ai.djl.ndarray.NDArray.class, "clip", Number.class, Number.class)
        .because("a backward pass would read the number from freed memory; use Ops.mul/div/maximum/minimum/pow/clip");
    rule.check(MAIN);
  }

  /**
   * Training is assembled from the lower modules' parts: clicking's samplers and robots, data's selectors and
   * transforms, metrics' IoU. No private copy of one of them may grow back in the engine's training packages.
   */
  @Test
  void trainingHoldsNoPrivateSamplerSelectorOrAugmentation() {
    ArchRuleDefinition.noClasses().that().resideInAPackage("org.iseg.engine.training..")
        .should().haveSimpleNameEndingWith("Sampler")
        .orShould().haveSimpleNameEndingWith("Selector")
        .orShould().haveSimpleNameContaining("Augmentation")
        .orShould().haveSimpleNameContaining("Clicker")
        .orShould().haveSimpleNameEndingWith("Transform")
        .orShould().implement(org.iseg.data.RegionSelector.class)
        .orShould().implement(org.iseg.data.Transform.class)
        .orShould().implement(org.iseg.api.ClickingRobot.class)
        .because("training uses clicking's MultiPointSampler and TrainingClicker, data's RegionSelectors and "
            + "Transforms presets (issue #13)")
        .check(MAIN);
    assertUses("org.iseg.engine.training.Trainer", "org.iseg.clicking.sampling.MultiPointSampler",
        "org.iseg.clicking.robots.TrainingClicker", "org.iseg.metrics.Iou");
    assertUses("org.iseg.examples.cli.TrainCommand", "org.iseg.data.transforms.Transforms",
        "org.iseg.data.selectors.RegionSelectors");
  }

  private static void assertUses(String user, String... used) {
    java.util.Set<String> targets = new TreeSet<>();
    for (JavaClass c : MAIN) { // the class and its nested classes (a builder may hold the default)
      if (c.getName().equals(user) || c.getName().startsWith(user + "$")) {
        c.getDirectDependenciesFromSelf().forEach(d -> targets.add(d.getTargetClass().getName()));
      }
    }
    for (String u : used) {
      org.junit.jupiter.api.Assertions.assertTrue(targets.contains(u), user + " should use " + u);
    }
  }

  /** Top-level main classes whose simple name another top-level main class also has. */
  static ArchRule uniqueSimpleNames() {
    return ArchRuleDefinition.classes().that().areTopLevelClasses()
        .and().doNotHaveSimpleName("package-info")
        .should(new ArchCondition<JavaClass>("have a simple name no other main class has") {
          private final Map<String, Collection<String>> byName = new TreeMap<>();

          @Override
          public void init(Collection<JavaClass> all) {
            byName.clear();
            for (JavaClass c : all) {
              byName.computeIfAbsent(c.getSimpleName(), k -> new TreeSet<>()).add(c.getName());
            }
          }

          @Override
          public void check(JavaClass c, ConditionEvents events) {
            Collection<String> same = byName.get(c.getSimpleName());
            if (same.size() > 1) {
              events.add(SimpleConditionEvent.violated(c, c.getName() + " shares its simple name with " + same));
            }
          }
        })
        .because("one way to do each thing: one class per simple name in src/main (issue #13)");
  }
}
