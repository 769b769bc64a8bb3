package org.iseg.models.backbones;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.Map;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.nn.StateDicts;
import org.iseg.models.tfjs.TfjsFormatException;
import org.iseg.models.tfjs.TfjsModel;

/**
 * Keras MobileNetV2 weights (by Keras layer name, channels-last) into a {@link MobileNetV2}: convolution kernels
 * HWIO become OIHW, depthwise kernels H x W x C x 1 become C x 1 x H x W, batch norm {@code gamma}, {@code beta},
 * {@code moving_mean}, {@code moving_variance} become {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}. Layers the network lacks (a classifier head) are ignored. A first convolution wider than
 * RGB (early fusion) gets the RGB kernel and zeros for the extra channels, so at the start it sees the image as
 * the pretrained network did.
 *
 * <pre>{@code
 * MobileNetV2Weights.load(net, TfjsModel.read(Path.of("nsfwjs-4.4.0")), manager);
 * }</pre>
 */
public final class MobileNetV2Weights {
  private MobileNetV2Weights() {}

  /**
   * Copies the model's weights into {@code net}'s parameters (initialising them on {@code manager} if needed).
   *
   * @throws TfjsFormatException naming the model file when a layer is missing or has another shape
   */
  public static void load(MobileNetV2 net, TfjsModel model, NDManager manager) {
    StateDicts.load(net, stateDict(net, model), TensorData::shape, TensorData::values, manager,
        model.file().toString());
  }

  /** The model's weights under {@code net}'s state-dict names, in PyTorch layouts. */
  public static ImmutableMap<String, TensorData> stateDict(MobileNetV2 net, TfjsModel model) {
    ImmutableMap.Builder<String, TensorData> out = ImmutableMap.builder();
    for (Map.Entry<String, Parameter> e : StateDicts.parameters(net).entrySet()) {
      String name = e.getKey();
      int dot = name.lastIndexOf('.');
      String layer = name.substring(0, dot).replace('.', '_'); // block_3.expand_BN -> block_3_expand_BN
      String param = name.substring(dot + 1);
      long[] shape = e.getValue().getShape().getShape();
      TensorData converted = switch (e.getValue().getType()) {
        case GAMMA -> model.weight(layer + "/gamma");
        case BETA -> model.weight(layer + "/beta");
        case RUNNING_MEAN -> model.weight(layer + "/moving_mean");
        case RUNNING_VAR -> model.weight(layer + "/moving_variance");
        case WEIGHT -> layer.endsWith("depthwise")
            ? depthwiseToTorch(model.weight(layer + "/depthwise_kernel"), model)
            : kernelToTorch(model.weight(layer + "/kernel"), shape, model);
        default -> throw new TfjsFormatException(model.file() + ": no Keras counterpart for parameter " + name
            + " (" + param + ")");
      };
      out.put(name, converted.withName(name));
    }
    return out.buildOrThrow();
  }

  /** HWIO to OIHW; input channels beyond the kernel's are zero ({@code shape} is the network's). */
  static TensorData kernelToTorch(TensorData kernel, long[] shape, TfjsModel model) {
    long[] k = requireRank(kernel, 4, model);
    int kh = (int) k[0];
    int kw = (int) k[1];
    int in = (int) k[2];
    int out = (int) k[3];
    int netIn = (int) shape[1];
    if (shape[0] != out || shape[2] != kh || shape[3] != kw || netIn < in) {
      throw new TfjsFormatException(model.file() + ": kernel " + kernel.name() + " " + Arrays.toString(k)
          + " (HWIO) does not fit the network's " + Arrays.toString(shape) + " (OIHW)");
    }
    float[] src = kernel.values();
    float[] dst = new float[out * netIn * kh * kw];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            dst[((o * netIn + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return new TensorData(kernel.name(), new long[] {out, netIn, kh, kw}, dst);
  }

  /** H x W x C x 1 to C x 1 x H x W. */
  static TensorData depthwiseToTorch(TensorData kernel, TfjsModel model) {
    long[] k = requireRank(kernel, 4, model);
    if (k[3] != 1) {
      throw new TfjsFormatException(model.file() + ": depthwise kernel " + kernel.name() + " has depth multiplier "
          + k[3] + "; MobileNetV2's is 1");
    }
    int kh = (int) k[0];
    int kw = (int) k[1];
    int c = (int) k[2];
    float[] src = kernel.values();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int ch = 0; ch < c; ch++) {
          dst[(ch * kh + y) * kw + x] = src[(y * kw + x) * c + ch];
        }
      }
    }
    return new TensorData(kernel.name(), new long[] {c, 1, kh, kw}, dst);
  }

  private static long[] requireRank(TensorData t, int rank, TfjsModel model) {
    if (t.rank() != rank) {
      throw new TfjsFormatException(model.file() + ": " + t.name() + " has shape " + Arrays.toString(t.shape())
          + ", expected rank " + rank);
    }
    return t.shape();
  }
}
