package org.iseg.models.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.ProbabilityMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL way: a plain Criteria + our TranslatorFactory gives a working IIS predictor. */
class IisTranslatorFactoryTest {
  @TempDir Path dir;

  @Test
  void criteriaWithTranslatorFactoryPredictsProbabilitiesAndMasks() throws Exception {
    Path onnx = OnnxFixtures.clickMapModel(dir.resolve("maps.onnx"));
    Engine.getEngine("OnnxRuntime");
    Image image = OnnxIisModelTest.randomImage(14, 18, 21);
    List<Click> pcs = List.of(Click.positive(7, 9, 0));
    List<Click> ncs = List.of(Click.negative(1, 1, 1));
    ProbabilityMap previous = ProbabilityMap.constant(14, 18, 0.5f);
    IisInput input = new IisInput(image, pcs, ncs, Optional.of(previous));

    Criteria<IisInput, ProbabilityMap> probs = Criteria.builder()
        .setTypes(IisInput.class, ProbabilityMap.class)
        .optModelPath(onnx).optEngine("OnnxRuntime")
        .optTranslatorFactory(new IisTranslatorFactory())
        .optArgument("inputs", "image=image+prev, clicks=disks:5")
        .optArgument("output", "logits")
        .build();
    ProbabilityMap y;
    try (ZooModel<IisInput, ProbabilityMap> model = probs.loadModel();
        Predictor<IisInput, ProbabilityMap> predictor = model.newPredictor()) {
      y = predictor.predict(input);
    }
    for (int r = 0; r < 14; r++) {
      for (int c = 0; c < 18; c++) {
        double red = image.channel(r, c, 0) / 255.0;
        double clicks = 10 * (OnnxIisModelTest.disk(pcs, r, c) - OnnxIisModelTest.disk(ncs, r, c));
        assertEquals(OnnxIisModelTest.sigmoid(clicks + 2 * red + 4 * 0.5 - 2), y.get(r, c), 1e-5);
      }
    }

    // the factory named by argument, Mask output with a threshold
    Criteria<IisInput, Mask> masks = Criteria.builder()
        .setTypes(IisInput.class, Mask.class)
        .optModelPath(onnx).optEngine("OnnxRuntime")
        .optArgument("translatorFactory", IisTranslatorFactory.class.getName())
        .optArgument("inputs", "image=image+prev,clicks=disks:5")
        .optArgument("output", "probs").optArgument("outputType", "probabilities")
        .optArgument("threshold", "0.7")
        .build();
    try (ZooModel<IisInput, Mask> model = masks.loadModel(); Predictor<IisInput, Mask> predictor = model.newPredictor()) {
      assertEquals(y.threshold(0.7), predictor.predict(input));
    }
  }

  @Test
  void aModelFolderDeclaresItsInputsInServingProperties() throws Exception {
    Path folder = java.nio.file.Files.createDirectories(dir.resolve("clickmaps"));
    OnnxFixtures.clickMapModel(folder.resolve("clickmaps.onnx"));
    java.nio.file.Files.writeString(folder.resolve("serving.properties"), String.join("\n",
        "engine=OnnxRuntime",
        "inputs=image=image+prev,clicks=disks:5",
        "output=probs", "outputType=probabilities", ""));
    Engine.getEngine("OnnxRuntime");
    Image image = OnnxIisModelTest.randomImage(10, 12, 5);
    Criteria<IisInput, ProbabilityMap> criteria = Criteria.builder()
        .setTypes(IisInput.class, ProbabilityMap.class).optModelPath(folder)
        .optTranslatorFactory(new IisTranslatorFactory()).build();
    try (ZooModel<IisInput, ProbabilityMap> model = criteria.loadModel();
        Predictor<IisInput, ProbabilityMap> predictor = model.newPredictor()) {
      ProbabilityMap y = predictor.predict(IisInput.of(image, List.of(Click.positive(5, 5, 0)), List.of()));
      double red = image.channel(5, 5, 0) / 255.0;
      assertEquals(OnnxIisModelTest.sigmoid(10 + 2 * red - 2), y.get(5, 5), 1e-5);
    }
  }

  @Test
  void argumentsParseIntoSpecsAndBadOnesAreNamed() {
    ExternalModelSpec spec = ExternalModelSpec.fromArguments(Map.of("inputs", "img=image,maps=disks:3,pts=points,"
        + "prev_mask=prev", "mean", "0.5, 0.5, 0.5", "std", "0.25,0.25,0.25", "output", "#1",
        "outputType", "probabilities", "outputChannel", "2"));
    assertEquals(4, spec.inputs().size());
    assertEquals(new InputSpec.ClickMaps("maps", "ritm-disks", 3), spec.inputs().get(1));
    assertEquals(new InputSpec.ClickMaps("d", "ritm-distance", 5),
        ExternalModelSpec.fromArguments(Map.of("inputs", "d=maps:ritm-distance:5")).inputs().get(0));
    IllegalArgumentException cpuOnly = assertThrows(IllegalArgumentException.class,
        () -> ExternalModelSpec.fromArguments(Map.of("inputs", "d=maps:gaussian:5")));
    assertTrue(cpuOnly.getMessage().contains("ritm-disks"), cpuOnly.getMessage()); // lists the usable encoders
    assertEquals(new InputSpec.Points("pts"), spec.inputs().get(2));
    assertEquals(new InputSpec.PreviousMask("prev_mask"), spec.inputs().get(3));
    assertEquals(0.5f, ((InputSpec.Image) spec.inputs().get(0)).mean()[1]);
    assertEquals(new OutputSpec(Optional.empty(), 1, 2, false), spec.output());
    assertTrue(spec.usesPreviousMask());
    assertEquals(ExternalModelSpec.ritm().inputs(), ExternalModelSpec.fromArguments(Map.of("layout", "ritm")).inputs());

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ExternalModelSpec.fromArguments(Map.of()));
    assertTrue(missing.getMessage().contains("'inputs'"), missing.getMessage());
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
        () -> ExternalModelSpec.fromArguments(Map.of("inputs", "x=gaussian")));
    assertTrue(kind.getMessage().contains("gaussian"), kind.getMessage());
    IllegalArgumentException mean = assertThrows(IllegalArgumentException.class,
        () -> ExternalModelSpec.fromArguments(Map.of("inputs", "x=image", "mean", "1,2")));
    assertTrue(mean.getMessage().contains("'mean'"), mean.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ExternalModelSpec.builder().addImage("a").addClickMaps("a", 5).build());
    assertThrows(IllegalArgumentException.class,
        () -> ExternalModelSpec.builder().addEmbedding("e", 0).build(), "embedding without encoder");
  }
}
