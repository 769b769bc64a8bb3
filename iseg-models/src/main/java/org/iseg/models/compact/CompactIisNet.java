package org.iseg.models.compact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArrayEx;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.fusion.TensorClickEncoder;
import org.iseg.models.fusion.TensorClickEncoderProvider;
import org.iseg.models.nn.Ops;

/**
 * A compact ITER-M network for CPU training and inference. Its input (early fusion, 10 channels) is the
 * ImageNet-normalised RGB image plus a guide computed from the clicks and the previous mask ({@link #guide}):
 * the previous mask, RITM's click disks (radius 5, positives then negatives), a long-range distance map per click
 * sign and a colour-similarity map per click sign (how close each pixel's colour is to the colour under a click).
 * A four-level strided encoder with a dilated bottleneck and a U-Net decoder give coarse logits at half
 * resolution; a full-resolution refinement (3x3 conv on the upsampled decoder features, the guide and the coarse
 * logits) adds a residual. Auxiliary logits come from the 1/8 level. Both outputs are upsampled bilinearly
 * ({@code align_corners=false}, see {@link #upsample}) to the input size. The distance and colour maps are our
 * addition to RITM's encoding: they let a small network learn from few samples.
 *
 * <p>As an {@link org.iseg.models.IisNetwork} (saved and loaded like any other network) it is built by
 * {@link CompactNetworkProvider} from a {@link org.iseg.models.NetworkConfig} whose network is {@code compact}.
 *
 * <p>Same calling convention as the models module's {@code IisNetBlock}: inputs {@code NDList(image, prevMask,
 * points)} (image N x 3 x H x W RGB in [0, 1], prevMask N x 1 x H x W, points N x 2K x 3 rows (row, col, index),
 * first K positive then K negative, negative coordinates = padding); outputs {@code NDList(instances,
 * instancesAux)}, N x 1 x H x W logits. Children are named, so saved parameters stay readable when code moves.
 *
 * <pre>{@code
 * CompactIisNet net = new CompactIisNet(CompactIisNet.Width.DEFAULT);
 * net.initialize(manager, DataType.FLOAT32, net.inputShapes(1, 320, 480));
 * }</pre>
 */
public final class CompactIisNet extends AbstractBlock {
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  /** Channel widths of the four encoder levels. */
  public record Width(int c1, int c2, int c3, int c4) {
    /** The default model's widths (about 0.9 M parameters). */
    public static final Width DEFAULT = new Width(24, 40, 64, 112);
    /** A very small variant for tests. */
    public static final Width TINY = new Width(8, 12, 16, 24);

    public Width {
      if (c1 <= 0 || c2 <= 0 || c3 <= 0 || c4 <= 0) {
        throw new IllegalArgumentException("widths must be > 0, got " + c1 + ", " + c2 + ", " + c3 + ", " + c4);
      }
    }

    /**
     * Widths from {@code default}, {@code tiny} or {@code c1,c2,c3,c4} (a command-line value); {@code what} names
     * the option in the message when the value is none of them.
     */
    public static Width parse(String spec, String what) {
      if (spec.equals("default")) {
        return DEFAULT;
      }
      if (spec.equals("tiny")) {
        return TINY;
      }
      String[] c = spec.split("[,-]");
      try {
        if (c.length == 4) {
          return new Width(Integer.parseInt(c[0].strip()), Integer.parseInt(c[1].strip()),
              Integer.parseInt(c[2].strip()), Integer.parseInt(c[3].strip()));
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException(what + " must be default, tiny or c1,c2,c3,c4, got '" + spec + "'");
    }

    /** The {@code NetworkConfig.backbone} naming these widths: {@code compact-c1-c2-c3-c4}. */
    public String backboneName() {
      return CompactNetworkProvider.NAME + "-" + c1 + "-" + c2 + "-" + c3 + "-" + c4;
    }
  }

  private final Width width;
  private final TensorClickEncoder clickMaps;
  private final Block enc1;
  private final Block enc2;
  private final Block enc3;
  private final Block enc4;
  private final Block dec3;
  private final Block dec2;
  private final Block dec1;
  private final Block head;
  private final Block auxHead;
  private final Block refine;
  private final Block refineHead;

  /** With the {@value CompactClickMaps#NAME} click maps of disk radius 5 (RITM's). */
  public CompactIisNet(Width width) {
    this(width, TensorClickEncoderProvider.create(CompactClickMaps.NAME, 5, 1));
  }

  /**
   * @param width the encoder widths
   * @param clickMaps the click encoding: 4 channels, disks then distance maps (see {@link CompactClickMaps})
   */
  public CompactIisNet(Width width, TensorClickEncoder clickMaps) {
    super((byte) 1);
    if (clickMaps.channels() != CLICK_CHANNELS) {
      throw new IllegalArgumentException("CompactIisNet takes " + CLICK_CHANNELS + " click channels (disks and distance"
          + " maps, positive and negative), but click encoder " + clickMaps + " gives " + clickMaps.channels());
    }
    this.width = width;
    this.clickMaps = clickMaps;
    enc1 = addChildBlock("enc1", stage(2, 1, width.c1(), 1));
    enc2 = addChildBlock("enc2", stage(2, 1, width.c2(), 1));
    enc3 = addChildBlock("enc3", stage(2, 1, width.c3(), 1));
    enc4 = addChildBlock("enc4", stage(2, 2, width.c4(), 2));
    dec3 = addChildBlock("dec3", convBnRelu(width.c3(), 1, 1));
    dec2 = addChildBlock("dec2", convBnRelu(width.c2(), 1, 1));
    dec1 = addChildBlock("dec1", convBnRelu(width.c1(), 1, 1));
    head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    refine = addChildBlock("refine", convBnRelu(REFINE_CHANNELS, 1, 1));
    refineHead = addChildBlock("refine_head",
        Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    auxHead = addChildBlock("aux_head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
  }

  public Width width() {
    return width;
  }

  /**
   * Input channels of the first convolution: RGB, previous mask, positive and negative disks, positive and
   * negative distance maps, positive and negative colour similarities.
   */
  public static int inputChannels() {
    return 10;
  }

  public TensorClickEncoder clickMaps() {
    return clickMaps;
  }

  /** Channels of the click maps. */
  static final int CLICK_CHANNELS = 4;
  /** Channels of the click/mask features that also reach the full-resolution refinement. */
  static final int GUIDE_CHANNELS = 7;
  /** Width of the full-resolution refinement convolution. */
  static final int REFINE_CHANNELS = 8;

  /** Shapes to {@link #initialize} with, for a batch of {@code n} images of {@code h x w} and one click pair. */
  public Shape[] inputShapes(int n, int h, int w) {
    return new Shape[] {new Shape(n, 3, h, w), new Shape(n, 1, h, w), new Shape(n, 2, 3)};
  }

  /** A strided 3x3 conv followed by {@code extra} 3x3 convs (the last of them with {@code dilation}). */
  private static Block stage(int stride, int extra, int channels, int dilation) {
    SequentialBlock b = new SequentialBlock();
    b.add(convBnRelu(channels, stride, 1));
    for (int i = 0; i < extra; i++) {
      b.add(convBnRelu(channels, 1, 1));
    }
    if (dilation > 1) {
      b.add(convBnRelu(channels, 1, dilation));
      b.add(convBnRelu(channels, 1, dilation * 2));
    }
    return b;
  }

  private static Block convBnRelu(int channels, int stride, int dilation) {
    return new SequentialBlock()
        .add(Conv2d.builder()
            .setKernelShape(new Shape(3, 3))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(dilation, dilation))
            .optDilation(new Shape(dilation, dilation))
            .setFilters(channels)
            .optBias(false)
            .build())
        .add(BatchNorm.builder().build())
        .add(Activation::relu);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long n = inputShapes[0].get(0);
    long h = inputShapes[0].get(2);
    long w = inputShapes[0].get(3);
    enc1.initialize(manager, dataType, new Shape(n, inputChannels(), h, w));
    enc2.initialize(manager, dataType, new Shape(n, width.c1(), h / 2, w / 2));
    enc3.initialize(manager, dataType, new Shape(n, width.c2(), h / 4, w / 4));
    enc4.initialize(manager, dataType, new Shape(n, width.c3(), h / 8, w / 8));
    dec3.initialize(manager, dataType, new Shape(n, width.c4() + width.c3(), h / 8, w / 8));
    dec2.initialize(manager, dataType, new Shape(n, width.c3() + width.c2(), h / 4, w / 4));
    dec1.initialize(manager, dataType, new Shape(n, width.c2() + width.c1(), h / 2, w / 2));
    head.initialize(manager, dataType, new Shape(n, width.c1(), h / 2, w / 2));
    auxHead.initialize(manager, dataType, new Shape(n, width.c3(), h / 8, w / 8));
    refine.initialize(manager, dataType, new Shape(n, width.c1() + GUIDE_CHANNELS + 1, h, w));
    refineHead.initialize(manager, dataType, new Shape(n, REFINE_CHANNELS, h, w));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    Shape out = new Shape(s.get(0), 1, s.get(2), s.get(3));
    return new Shape[] {out, out};
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() != 3) {
      throw new IllegalArgumentException("CompactIisNet expects (image, prevMask, points), got " + inputs.size()
          + " arrays");
    }
    NDArray image = inputs.get(0);
    Shape is = IisNetBlock.requireImage(image);
    long h = is.get(2);
    long w = is.get(3);
    if (h % 16 != 0 || w % 16 != 0) {
      throw new IllegalArgumentException("CompactIisNet needs a height and width divisible by 16, got " + h + "x"
          + w + "; pad or resize the input");
    }
    NDManager m = image.getManager();
    NDArray x = image.sub(m.create(MEAN).reshape(1, 3, 1, 1)).div(m.create(STD).reshape(1, 3, 1, 1));
    NDArray guide = guide(image, inputs.get(1), inputs.get(2), h, w, clickMaps);
    x = NDArrays.concat(new NDList(x, guide), 1);

    NDArray e1 = enc1.forward(ps, new NDList(x), training).head();
    NDArray e2 = enc2.forward(ps, new NDList(e1), training).head();
    NDArray e3 = enc3.forward(ps, new NDList(e2), training).head();
    NDArray e4 = enc4.forward(ps, new NDList(e3), training).head();
    NDArray d3 = dec3.forward(ps, new NDList(NDArrays.concat(new NDList(upsample(e4, h / 8, w / 8), e3), 1)),
        training).head();
    NDArray d2 = dec2.forward(ps, new NDList(NDArrays.concat(new NDList(upsample(d3, h / 4, w / 4), e2), 1)),
        training).head();
    NDArray d1 = dec1.forward(ps, new NDList(NDArrays.concat(new NDList(upsample(d2, h / 2, w / 2), e1), 1)),
        training).head();
    NDArray coarse = upsample(head.forward(ps, new NDList(d1), training).head(), h, w);
    // full-resolution refinement: decoder features, the coarse logits and the click/mask guide maps
    NDArray r = refine.forward(ps, new NDList(NDArrays.concat(new NDList(upsample(d1, h, w), guide, coarse), 1)),
        training).head();
    NDArray logits = coarse.add(refineHead.forward(ps, new NDList(r), training).head());
    NDArray aux = upsample(auxHead.forward(ps, new NDList(d3), training).head(), h, w);
    return new NDList(logits, aux);
  }

  /**
   * Differentiable bilinear resize of an N x C x H x W array. DJL 0.35.1 ignores the align-corners flag here (it
   * reaches libtorch as "antialias"), so this is align_corners=false bilinear; training and inference both use it,
   * so the shipped weights match it. RITM-exact resizing is {@code org.iseg.models.nn.Ops}.
   */
  static NDArray upsample(NDArray x, long h, long w) {
    return ((PtNDArrayEx) x.getNDArrayInternal()).interpolation(new long[] {h, w}, 2, true);
  }

  /**
   * The click and mask guidance: previous mask, the click maps ({@link CompactClickMaps}: RITM's disks and distance
   * maps {@code tanh(d / (0.15 max(h, w)))} to the nearest click of each sign), and the colour similarity {@code
   * exp(-|c - c_k|² / 0.02)} of every pixel to the (3x3-smoothed) colour under the closest-in-colour click of each
   * sign (0 without clicks of that sign). 7 channels, no gradient.
   */
  static NDArray guide(NDArray image, NDArray prev, NDArray points, long h, long w, TensorClickEncoder clickMaps) {
    NDArray maps = clickMaps.encode(points, h, w);                      // N x 4 x H x W (disks, distances)
    Shape s = points.getShape();
    long n = s.get(0);
    long k = s.get(1) / 2;
    // colours under the clicks, from a 3x3 box-filtered image
    NDArray smooth = ai.djl.nn.pooling.Pool.avgPool2d(image, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1),
        false, false);
    NDArray flat = smooth.reshape(n, 3, h * w);
    NDArray rc = points.toType(DataType.FLOAT32, false).get(new NDIndex(":, :, 0:2"));    // N x 2K x 2
    NDArray valid = rc.min(new int[] {2}).gte(0f);                                         // N x 2K
    NDArray idx = Ops.mul(Ops.minimum(Ops.maximum(rc.get(new NDIndex(":, :, 0")), 0f), h - 1), (float) w)
        .add(Ops.minimum(Ops.maximum(rc.get(new NDIndex(":, :, 1")), 0f), w - 1)).toType(DataType.INT64, false); // N x 2K
    NDArray colours = flat.gather(idx.expandDims(1).repeat(1, 3), 2);                      // N x 3 x 2K
    NDArray diff = flat.expandDims(2).sub(colours.expandDims(3));                          // N x 3 x 2K x HW
    NDArray cd = diff.square().sum(new int[] {1});                                          // N x 2K x HW
    cd = cd.add(Ops.mul(valid.logicalNot().toType(DataType.FLOAT32, false), 1e6f).expandDims(2));
    NDArray best = cd.reshape(n, 2, k, h * w).min(new int[] {2}).reshape(n, 2, h, w);
    NDArray similarity = Ops.div(best, -0.02f).exp();
    return NDArrays.concat(new NDList(prev, maps, similarity), 1).stopGradient();
  }

  /**
   * RITM's disk encoding of {@code points} (N x 2K x 3): channel 0 is 1 within {@code radius} of a positive click,
   * channel 1 of a negative one; rows with a negative coordinate are padding (the first two channels of {@link
   * CompactClickMaps}).
   */
  public static NDArray disks(NDArray points, long h, long w, float radius) {
    return new CompactClickMaps(radius).encode(points, h, w).get(new NDIndex(":, 0:2")).stopGradient();
  }

  @Override
  public String toString() {
    return "CompactIisNet" + width;
  }
}
