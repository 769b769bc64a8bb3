package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iseg.api.testing.SharedData;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.datasets.GrabCutDataset;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;

/**
 * {@code ../shared/golden/ritm-brs/}: RITM's BRS predictors run with the informative HRNet18s ITER-M checkpoint
 * (the golden random one with +1 on the two head biases, {@code checkpoint-delta.npz}).
 */
final class BrsGolden {
  private BrsGolden() {}

  static Path dir() {
    return SharedData.golden("ritm-brs");
  }

  /** The golden checkpoint with {@code checkpoint-delta.npz}'s biases (README "Rebuild"). */
  static IisNetwork network() {
    IisNetwork net = IisNetworks.fromRitmCheckpoint(SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth"));
    try (NDManager m = NDManager.newBaseManager()) {
      NDList delta = read(m, dir().resolve("checkpoint-delta.npz"));
      Map<String, Parameter> params = IisNetworks.parameters(net);
      set(params.get("feature_extractor.cls_head.bias"), delta.get("cls_head_bias").toFloatArray());
      set(params.get("feature_extractor.aux_head.3.bias"), delta.get("aux_head_3_bias").toFloatArray());
    }
    return net;
  }

  private static void set(Parameter p, float[] values) {
    NDArray a = p.getArray();
    if (a.size() != values.length) {
      throw new AssertionError(p.getName() + " has " + a.size() + " values, delta " + values.length);
    }
    a.set(values);
  }

  static NDList read(NDManager m, Path npz) {
    try (InputStream in = Files.newInputStream(npz)) {
      return NDList.decode(m, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The evaluation sample {@code stem} ("bush" of GrabCut, "167062" of Berkeley). */
  static EvaluationSample sample(String stem) {
    EvaluationDataset data = stem.equals("bush")
        ? GrabCutDataset.evaluation(SharedData.dataset("GrabCut"))
        : GrabCutDataset.berkeleyEvaluation(SharedData.dataset("Berkeley"));
    for (int i = 0; i < data.size(); i++) {
      if (data.id(i).equals(stem) || data.id(i).startsWith(stem + ".")) {
        return data.get(i);
      }
    }
    throw new AssertionError("no sample " + stem);
  }

  /** RITM's predictor in BRS mode {@code mode} over {@code network}, with the cvpr GrabCut evaluation settings. */
  static RitmPredictor predictor(String mode, IisNetwork network) {
    PredictorConfig config = Presets.evalMode("cvpr", "GrabCut").withBrs(BrsConfig.of(BrsMode.parse(mode)));
    return RitmPredictor.of(mode, network, config);
  }

  static JsonObject meta() {
    try {
      return JsonParser.parseString(Files.readString(dir().resolve("meta.json"), StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static double[] toDouble(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** Click rows (row, col, positive, ...) of batch item 0 and their mirror in a {@code width}-wide input. */
  static List<List<NetClick>> clickLists(int[] rows, int stride, int width, boolean flip) {
    List<NetClick> c = new ArrayList<>();
    List<NetClick> mirrored = new ArrayList<>();
    for (int i = 0; i < rows.length / stride; i++) {
      int r = rows[i * stride];
      int col = rows[i * stride + 1];
      boolean positive = rows[i * stride + 2] == 1;
      c.add(new NetClick(r, col, positive, i));
      mirrored.add(new NetClick(r, width - col - 1, positive, i));
    }
    return flip ? List.of(c, mirrored) : List.of(c);
  }
}
