package org.iseg.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.testing.SharedData;
import org.iseg.models.DjlIisModel;
import org.iseg.models.IisNetworks;
import org.iseg.models.external.IisInput;
import org.iseg.models.external.IisTranslatorFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RITM checkpoints through DJL's Criteria, checked against {@link DjlIisModel} on the golden hrnet18s ITER-M. */
class RitmModelZooTest {
  private static final int H = 64;
  private static final int W = 96;
  private static Path checkpoint;
  private static Image image;
  private static final List<Click> POSITIVES = List.of(Click.positive(30, 40, 0), Click.positive(12, 70, 2));
  private static final List<Click> NEGATIVES = List.of(Click.negative(50, 10, 1));

  @BeforeAll
  static void setUp() {
    checkpoint = SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth");
    // A bright ellipse on a darker textured background: something for the network to segment.
    byte[] rgb = new byte[3 * H * W];
    for (int r = 0; r < H; r++) {
      for (int c = 0; c < W; c++) {
        double e = Math.pow((r - 30) / 22.0, 2) + Math.pow((c - 45) / 30.0, 2);
        int base = 3 * (r * W + c);
        boolean inside = e < 1;
        rgb[base] = (byte) (inside ? 220 : 40 + (r * 7 + c * 3) % 50);
        rgb[base + 1] = (byte) (inside ? 180 - r : 60 + (c * 5) % 40);
        rgb[base + 2] = (byte) (inside ? 60 : 90 + (r * c) % 30);
      }
    }
    image = Image.of(H, W, rgb);
  }

  private static Criteria<IisInput, ProbabilityMap> criteria(Object path) {
    return Criteria.builder().setTypes(IisInput.class, ProbabilityMap.class)
        .optArgument(RitmModelZoo.CHECKPOINT_ARGUMENT, path).optEngine("PyTorch").build();
  }

  private static void assertClose(ProbabilityMap expected, ProbabilityMap actual) {
    assertEquals(expected.height(), actual.height());
    assertEquals(expected.width(), actual.width());
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    double max = 0;
    for (int i = 0; i < e.length; i++) {
      max = Math.max(max, Math.abs(e[i] - a[i]));
    }
    assertTrue(max <= 1e-6, "max |criteria - DjlIisModel| = " + max);
  }

  @Test
  void zooIsFoundThroughTheServiceLoader(@TempDir Path dir) throws Exception {
    assertInstanceOf(RitmModelZoo.class, ModelZoo.getModelZoo(RitmModelZoo.GROUP_ID));
    ModelLoader loader = ModelZoo.getModelZoo(RitmModelZoo.GROUP_ID).getModelLoader(RitmModelZoo.ARTIFACT_ID);
    assertEquals(RitmModelZoo.ARTIFACT_ID, loader.getArtifactId());
    assertEquals(RitmModelZoo.GROUP_ID, loader.getMrl().getGroupId());
    assertTrue(loader.isDownloaded(criteria(checkpoint)));
    assertFalse(loader.isDownloaded(criteria(dir.resolve("absent.pth"))));
  }

  @Test
  void criteriaPredictorEqualsDjlIisModelOverTwoSteps() throws Exception {
    try (ZooModel<IisInput, ProbabilityMap> zoo = criteria(checkpoint).loadModel();
        Predictor<IisInput, ProbabilityMap> predictor = zoo.newPredictor();
        DjlIisModel reference = new DjlIisModel("h18s", IisNetworks.fromRitmCheckpoint(checkpoint))) {
      assertEquals("checkpoint", zoo.getName());
      // Step 1: no previous prediction (zeros), one positive click.
      Prediction first = reference.predict(image, reference.initialZ(image), POSITIVES.subList(0, 1), List.of());
      ProbabilityMap y1 = predictor.predict(IisInput.of(image, POSITIVES.subList(0, 1), List.of()));
      assertClose(first.y(), y1);
      assertTrue(y1.threshold(0.49).area() > 0, "the golden model selects something at the click");
      // Step 2: the previous prediction goes in as ITER-M's 4th channel; more clicks of both signs.
      Prediction second = reference.predict(image, first.z(), POSITIVES, NEGATIVES);
      ProbabilityMap y2 = predictor.predict(new IisInput(image, POSITIVES, NEGATIVES, Optional.of(first.y())));
      assertClose(second.y(), y2);
      // The inputs matter: without the previous mask the answer differs.
      ProbabilityMap noPrev = predictor.predict(IisInput.of(image, POSITIVES, NEGATIVES));
      float[] a = noPrev.toArray();
      float[] b = y2.toArray();
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      assertTrue(diff > 1e-3, "previous mask had no effect: " + diff);
      assertEquals(((PreviousPrediction) second.z()).probabilities(), second.y());
    }
  }

  @Test
  void maskOutputAndExplicitGroupIdWork() throws Exception {
    Criteria<IisInput, Mask> masks = Criteria.builder().setTypes(IisInput.class, Mask.class)
        .optGroupId(RitmModelZoo.GROUP_ID).optArgument(RitmModelZoo.CHECKPOINT_ARGUMENT, checkpoint.toString())
        .optArgument("threshold", "0.49").build();
    IisInput in = IisInput.of(image, POSITIVES, NEGATIVES);
    ZooModel<IisInput, Mask> zoo = masks.loadModel();
    RitmBlock block = assertInstanceOf(RitmBlock.class, zoo.getBlock());
    try (zoo; Predictor<IisInput, Mask> predictor = zoo.newPredictor();
        DjlIisModel reference = new DjlIisModel("h18s", IisNetworks.fromRitmCheckpoint(checkpoint))) {
      Mask expected = reference.predict(image, reference.initialZ(image), POSITIVES, NEGATIVES).y().threshold(0.49);
      assertArrayEquals(expected.toObjectArray(), predictor.predict(in).toObjectArray());
    }
    // Closing the ZooModel frees the network it loaded.
    assertFalse(block.network().manager().isOpen());
  }

  @Test
  void optModelPathLoadsTheCheckpointThroughDjlsOwnLoader() throws Exception {
    // Normalisation arguments do not apply: the network normalises inside (a second normalisation would change y).
    try (ZooModel<IisInput, ProbabilityMap> zoo = RitmModelZoo.checkpointCriteria(checkpoint)
            .optArgument("mean", "0.485,0.456,0.406").optArgument("std", "0.229,0.224,0.225").build().loadModel();
        Predictor<IisInput, ProbabilityMap> predictor = zoo.newPredictor();
        DjlIisModel reference = new DjlIisModel("h18s", IisNetworks.fromRitmCheckpoint(checkpoint))) {
      assertInstanceOf(RitmBlock.class, zoo.getBlock());
      Prediction expected = reference.predict(image, reference.initialZ(image), POSITIVES, NEGATIVES);
      assertClose(expected.y(), predictor.predict(IisInput.of(image, POSITIVES, NEGATIVES)));
    }
  }

  @Test
  void optModelPathPicksTheNamedFileAmongSeveral(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("first.pth"), "not a checkpoint: loading it would fail");
    Files.copy(checkpoint, dir.resolve("second.pth"));
    try (ZooModel<IisInput, ProbabilityMap> zoo =
        RitmModelZoo.checkpointCriteria(dir.resolve("second.pth")).build().loadModel()) {
      assertEquals("second.pth", zoo.getName());
      assertInstanceOf(RitmBlock.class, zoo.getBlock());
    }
  }

  @Test
  void aFolderWithServingPropertiesNeedsOnlyOptModelPathAndTheTranslator(@TempDir Path dir) throws Exception {
    Files.copy(checkpoint, dir.resolve("h18s.pth"));
    Files.writeString(dir.resolve("serving.properties"), String.join("\n", "engine=PyTorch",
        "blockFactory=" + IisBlockFactory.class.getName(), "option.hasParameter=false", ""));
    // DJL picks the translator factory before it reads serving.properties, so that one comes from the caller.
    Criteria<IisInput, Mask> criteria = Criteria.builder().setTypes(IisInput.class, Mask.class).optModelPath(dir)
        .optTranslatorFactory(new IisTranslatorFactory()).build();
    try (ZooModel<IisInput, Mask> zoo = criteria.loadModel(); Predictor<IisInput, Mask> predictor = zoo.newPredictor();
        DjlIisModel reference = new DjlIisModel("h18s", IisNetworks.fromRitmCheckpoint(checkpoint))) {
      Mask expected = reference.predict(image, reference.initialZ(image), POSITIVES, NEGATIVES).y().threshold(0.49);
      assertArrayEquals(expected.toObjectArray(), predictor.predict(IisInput.of(image, POSITIVES, NEGATIVES))
          .toObjectArray());
    }
  }

  @Test
  void aSavedNetworkFolderLoadsWithOptModelPath(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("saved");
    try (DjlIisModel reference = new DjlIisModel("h18s", IisNetworks.fromRitmCheckpoint(checkpoint))) {
      ModelFiles.save(reference.network(), folder);
      Criteria<IisInput, ProbabilityMap> criteria = Criteria.builder().setTypes(IisInput.class, ProbabilityMap.class)
          .optModelPath(folder).optTranslatorFactory(new IisTranslatorFactory()).build();
      try (ZooModel<IisInput, ProbabilityMap> zoo = criteria.loadModel();
          Predictor<IisInput, ProbabilityMap> predictor = zoo.newPredictor()) {
        Prediction expected = reference.predict(image, reference.initialZ(image), POSITIVES, NEGATIVES);
        assertClose(expected.y(), predictor.predict(IisInput.of(image, POSITIVES, NEGATIVES)));
      }
      // The single-file form loads the same way.
      Path file = dir.resolve("saved.safetensors");
      ModelFiles.save(reference.network(), file);
      try (ZooModel<IisInput, ProbabilityMap> zoo = RitmModelZoo.checkpointCriteria(file).build().loadModel();
          Predictor<IisInput, ProbabilityMap> predictor = zoo.newPredictor()) {
        Prediction expected = reference.predict(image, reference.initialZ(image), POSITIVES, NEGATIVES);
        assertClose(expected.y(), predictor.predict(IisInput.of(image, POSITIVES, NEGATIVES)));
      }
    }
  }

  @Test
  void blockFactoryNamesTheCandidatesWhenTheFolderIsAmbiguous(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.pth"), "x");
    Files.writeString(dir.resolve("b.pth"), "y");
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> IisBlockFactory.source("model", dir, Map.of()));
    assertTrue(e.getMessage().contains("[a.pth, b.pth]") && e.getMessage().contains(dir.toString())
        && e.getMessage().contains(RitmModelZoo.CHECKPOINT_ARGUMENT), e.getMessage());
    assertEquals(dir.resolve("b.pth"), IisBlockFactory.source("b", dir, Map.of()));
    assertEquals(dir.resolve("a.pth"), IisBlockFactory.source("model", dir,
        Map.of(RitmModelZoo.CHECKPOINT_ARGUMENT, dir.resolve("a.pth").toString())));
  }

  @Test
  void missingCheckpointFailsNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-model.pth");
    FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> criteria(missing).loadModel());
    assertTrue(e.getMessage().contains("no-such-model.pth") && e.getMessage().contains("checkpoint"), e.getMessage());
  }

  @Test
  void nonRitmFileFailsAsMalformedNamingTheFile(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("notes.pth");
    Files.writeString(junk, "this is not a PyTorch checkpoint");
    MalformedModelException e = assertThrows(MalformedModelException.class, () -> criteria(junk).loadModel());
    assertTrue(e.getMessage().contains("notes.pth") && e.getMessage().contains("RITM"), e.getMessage());
  }

  @Test
  void withoutACheckpointArgumentNoModelIsFound() {
    ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> Criteria.builder()
        .setTypes(IisInput.class, ProbabilityMap.class).optGroupId(RitmModelZoo.GROUP_ID).build().loadModel());
    assertTrue(String.valueOf(e.getCause()).contains(RitmModelZoo.CHECKPOINT_ARGUMENT), String.valueOf(e.getCause()));
  }
}
