package org.iseg.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlIisModelTest {
  private static final int H = 40;
  private static final int W = 56;
  private static DjlIisModel model;
  private static Image image;

  @BeforeAll
  static void setUp() {
    model = new DjlIisModel("hrnet18s-untrained", IisNetworks.create(NetworkConfig.ritm("hrnet18s")));
    byte[] rgb = new byte[3 * H * W];
    new Random(3).nextBytes(rgb);
    image = Image.of(H, W, rgb);
  }

  @AfterAll
  static void tearDown() {
    model.close();
  }

  @Test
  void predictionIsSigmoidOfTheNetworkOnRitmsPointsLayout() {
    List<Click> pcs = List.of(Click.positive(5, 7, 0), Click.positive(30, 50, 2));
    List<Click> ncs = List.of(Click.negative(20, 10, 1));
    float[] prevValues = new float[H * W];
    for (int i = 0; i < prevValues.length; i++) {
      prevValues[i] = (i % 7) / 7f;
    }
    State z = new PreviousPrediction(ProbabilityMap.of(H, W, prevValues));
    Prediction p = model.predict(image, z, pcs, ncs);

    IisNetwork net = model.network();
    try (NDManager m = net.manager().newSubManager()) {
      float[] chw = new float[3 * H * W];
      for (int r = 0; r < H; r++) {
        for (int c = 0; c < W; c++) {
          for (int ch = 0; ch < 3; ch++) {
            chw[ch * H * W + r * W + c] = image.channel(r, c, ch) / 255f;
          }
        }
      }
      // RITM's get_points_nd: 2 positives, then the negatives padded to 2.
      float[] points = {5, 7, 0, 30, 50, 2, 20, 10, 1, -1, -1, -1};
      NDArray logits = net.forward(m.create(chw, new Shape(1, 3, H, W)),
          Optional.of(m.create(prevValues, new Shape(1, 1, H, W))), m.create(points, new Shape(1, 4, 3))).instances();
      float[] expected = logits.getNDArrayInternal().sigmoid().toFloatArray();
      assertArrayEquals(expected, p.y().toArray(), 0f);
    }
    PreviousPrediction next = assertInstanceOf(PreviousPrediction.class, p.z());
    assertEquals(p.y(), next.probabilities());
  }

  @Test
  void startMaskBecomesThePreviousPrediction() {
    Mask start = Mask.fromPredicate(H, W, i -> i % W < W / 2);
    PreviousPrediction z = assertInstanceOf(PreviousPrediction.class, model.initialZ(image, start));
    assertEquals(ProbabilityMap.fromMask(start), z.probabilities());
    assertThrows(IllegalArgumentException.class, () -> model.initialZ(image, Mask.fromPredicate(H + 1, W, i -> true)));
  }

  @Test
  void hundredsOfPredictionsLeaveNoArraysBehind() throws Exception {
    Map<?, ?> resources = resources(model.network().manager());
    Prediction p = model.predict(image, model.initialZ(image), List.of(Click.positive(3, 3, 0)), List.of());
    int before = resources.size();
    State z = p.z();
    for (int k = 0; k < 120; k++) {
      Click c = Click.positive(k % H, (7 * k) % W, 1 + k);
      p = model.predict(image, z, List.of(Click.positive(3, 3, 0), c), List.of(Click.negative(H - 1, W - 1, 0)));
      z = p.z();
    }
    assertEquals(before, resources.size(), "resources attached to the network's manager");
  }

  @Test
  void badInputFailsClearly() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(image, model.initialZ(image), List.of(Click.positive(H, 0, 0)), List.of()));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(image, State.NONE, List.of(Click.positive(1, 1, 0)), List.of()));
    assertTrue(e.getMessage().contains("PreviousPrediction"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(image, new PreviousPrediction(ProbabilityMap.zeros(H + 1, W)),
            List.of(Click.positive(1, 1, 0)), List.of()));
    assertTrue(e.getMessage().contains("41x56"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(image, model.initialZ(image), List.of(Click.negative(1, 1, 0)), List.of()));
    assertTrue(e.getMessage().contains("positive list"), e.getMessage());
  }

  private static Map<?, ?> resources(NDManager manager) throws ReflectiveOperationException {
    Field f = BaseNDManager.class.getDeclaredField("resources");
    f.setAccessible(true);
    return (Map<?, ?>) f.get(manager);
  }
}
