package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;
import org.iseg.models.tfjs.TfjsModel;

/**
 * {@link MobileNetV2} (child {@code encoder}) with a light decoder, as a {@link Backbone}: a top-down path over the
 * strides 32 to 4 (1 x 1 laterals of width {@value #WIDTH}, bilinear upsampling, sums, a 3 x 3 fuse), a step to
 * stride 2 with the {@code block_1} expansion, and a full-resolution refinement that sees the input again (3 x 3
 * over the upsampled features concatenated with the normalised image). Logits come at full resolution
 * ({@link #outputStride()} 1), auxiliary logits from the stride-4 features.
 *
 * <p>The input is zero-padded (bottom, right) to a multiple of 32 so every stride divides it, and the logits
 * cropped back; intermediate fusion's stem features are padded alike.
 *
 * <pre>{@code
 * Backbone b = BackboneProvider.registry().get("mobilenetv2").create(BackboneConfig.rgb());
 * b.loadPretrained(Path.of("nsfwjs-4.4.0"), manager);   // ImageNet / nsfwjs encoder weights
 * }</pre>
 */
public final class MobileNetV2Backbone implements Backbone {
  /** Width of the decoder's top-down path. */
  public static final int WIDTH = 64;
  private static final int HALF_WIDTH = 32;
  private static final int REFINE_WIDTH = 16;
  private static final int MULTIPLE = 32;

  private final Net net;

  public MobileNetV2Backbone(BackboneConfig config) {
    net = new Net(config.inputChannels());
  }

  /** The encoder, for loading pretrained weights. */
  public MobileNetV2 encoder() {
    return net.encoder;
  }

  @Override
  public Block block() {
    return net;
  }

  @Override
  public int stemChannels() {
    return MobileNetV2.STEM_CHANNELS;
  }

  @Override
  public int inputChannels() {
    return net.encoder.inputChannels();
  }

  @Override
  public int outputStride() {
    return 1;
  }

  /** The pretrained encoder at the backbone rate; the decoder, trained from scratch, at the full rate. */
  @Override
  public boolean trainsAtBackboneRate(String parameterName) {
    return parameterName.startsWith("encoder.");
  }

  @Override
  public boolean hasAuxOutput() {
    return true;
  }

  /** Reads a TF.js Keras MobileNetV2 ({@link TfjsModel#read}: a folder, model.json or nsfwjs's model.min.js). */
  @Override
  public void loadPretrained(Path weights, NDManager manager) {
    MobileNetV2Weights.load(net.encoder, TfjsModel.read(weights), manager);
  }

  private static Sequential convBnRelu(int in, int out, int kernel) {
    return Sequential.of(Conv2dBlock.builder(in, out).kernel(kernel).padding(kernel / 2).noBias().build(),
        new BatchNorm2dBlock(out), Activations.relu());
  }

  static final class Net extends TorchModule {
    private final MobileNetV2 encoder;
    private final Block[] laterals = new Block[4]; // strides 4, 8, 16, 32
    private final Block fuse4;
    private final Block aux;
    private final Block reduce4;
    private final Block lateral2;
    private final Block fuse2;
    private final Block refine;
    private final Block logits;

    Net(int inputChannels) {
      encoder = child("encoder", new MobileNetV2(inputChannels));
      for (int i = 0; i < laterals.length; i++) {
        MobileNetV2.Feature f = MobileNetV2.FEATURES.get(i + 1);
        laterals[i] = child("lateral" + f.stride(), convBnRelu(f.channels(), WIDTH, 1));
      }
      fuse4 = child("fuse4", convBnRelu(WIDTH, WIDTH, 3));
      aux = child("aux", Conv2dBlock.builder(WIDTH, 1).build());
      reduce4 = child("reduce4", convBnRelu(WIDTH, HALF_WIDTH, 1));
      lateral2 = child("lateral2", convBnRelu(MobileNetV2.FEATURES.get(0).channels(), HALF_WIDTH, 1));
      fuse2 = child("fuse2", convBnRelu(HALF_WIDTH, HALF_WIDTH, 3));
      refine = child("refine", convBnRelu(HALF_WIDTH + inputChannels, REFINE_WIDTH, 3));
      logits = child("logits", Conv2dBlock.builder(REFINE_WIDTH, 1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = inputs.get(0);
      long h = x.getShape().get(2);
      long w = x.getShape().get(3);
      long ph = ceil(h);
      long pw = ceil(w);
      NDArray xp = padTo(x, ph, pw);
      NDArray stem = inputs.size() > 1 ? padTo(inputs.get(1), ph / 2, pw / 2) : null;
      NDList f = call(encoder, ps, stem == null ? new NDList(xp) : new NDList(xp, stem), training);
      if (stem != null && stem != inputs.get(1)) {
        release(training, null, stem);
      }
      NDArray top = call1(laterals[3], ps, f.get(4), training);
      for (int i = 2; i >= 0; i--) {
        NDArray lateral = call1(laterals[i], ps, f.get(i + 1), training);
        NDArray up = release(training, Ops.resizeBilinearAlignCorners(top, ph >> (i + 2), pw >> (i + 2)), top);
        top = release(training, up.add(lateral), up, lateral);
      }
      NDArray p4 = callFree(fuse4, ps, top, training);
      NDArray auxLogits = call1(aux, ps, p4, training);
      NDArray r4 = callFree(reduce4, ps, p4, training);
      NDArray up2 = release(training, Ops.resizeBilinearAlignCorners(r4, ph / 2, pw / 2), r4);
      NDArray p2 = release(training, up2.add(call1(lateral2, ps, f.get(0), training)), up2);
      release(training, null, f.toArray(new NDArray[0]));
      NDArray q2 = callFree(fuse2, ps, p2, training);
      NDArray up1 = release(training, Ops.resizeBilinearAlignCorners(q2, ph, pw), q2);
      NDArray joined = release(training, up1.concat(xp, 1), up1);
      if (xp != x) {
        release(training, null, xp);
      }
      NDArray out = callFree(logits, ps, callFree(refine, ps, joined, training), training);
      NDArray auxFull = release(training, Ops.resizeBilinearAlignCorners(auxLogits, ph, pw), auxLogits);
      return new NDList(crop(out, h, w, training), crop(auxFull, h, w, training));
    }

    private static long ceil(long size) {
      return (size + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
    }

    private static NDArray padTo(NDArray x, long h, long w) {
      long dh = h - x.getShape().get(2);
      long dw = w - x.getShape().get(3);
      return dh == 0 && dw == 0 ? x : x.pad(new Shape(0, dw, 0, dh), 0);
    }

    private static NDArray crop(NDArray x, long h, long w, boolean training) {
      if (x.getShape().get(2) == h && x.getShape().get(3) == w) {
        return x;
      }
      return release(training, x.get(new NDIndex(":, :, :{}, :{}", h, w)), x);
    }

    @Override
    protected Shape[] childInputShapes(Block child, Shape[] inputShapes) {
      Shape s = inputShapes[0];
      long n = s.get(0);
      long ph = ceil(s.get(2));
      long pw = ceil(s.get(3));
      if (child == encoder) {
        Shape x = new Shape(n, s.get(1), ph, pw);
        return inputShapes.length > 1 ? new Shape[] {x, new Shape(n, MobileNetV2.STEM_CHANNELS, ph / 2, pw / 2)}
            : new Shape[] {x};
      }
      for (int i = 0; i < laterals.length; i++) {
        if (child == laterals[i]) {
          MobileNetV2.Feature f = MobileNetV2.FEATURES.get(i + 1);
          return new Shape[] {new Shape(n, f.channels(), ph / f.stride(), pw / f.stride())};
        }
      }
      if (child == fuse4 || child == aux || child == reduce4) {
        return new Shape[] {new Shape(n, WIDTH, ph / 4, pw / 4)};
      }
      if (child == lateral2) {
        return new Shape[] {new Shape(n, MobileNetV2.FEATURES.get(0).channels(), ph / 2, pw / 2)};
      }
      if (child == fuse2) {
        return new Shape[] {new Shape(n, HALF_WIDTH, ph / 2, pw / 2)};
      }
      if (child == refine) {
        return new Shape[] {new Shape(n, HALF_WIDTH + s.get(1), ph, pw)};
      }
      return new Shape[] {new Shape(n, REFINE_WIDTH, ph, pw)};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      Shape out = new Shape(s.get(0), 1, s.get(2), s.get(3));
      return new Shape[] {out, out};
    }
  }

  /** {@code mobilenetv2}: Keras's MobileNetV2 (alpha 1.0) with a light decoder to full resolution. */
  public static final class Provider extends AbstractNamedProvider implements BackboneProvider {
    public Provider() {
      super("mobilenetv2", "Keras MobileNetV2 (alpha 1.0; TF.js weights such as nsfwjs's with --pretrained) + light "
          + "decoder to full resolution");
    }

    @Override
    public Backbone create(BackboneConfig config) {
      return new MobileNetV2Backbone(config);
    }
  }
}
