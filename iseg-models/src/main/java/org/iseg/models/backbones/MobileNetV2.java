package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.TorchModule;

/**
 * Keras's {@code MobileNetV2} (alpha 1.0) without its classifier, as a feature extractor, with Keras's semantics so
 * Keras/TF.js weights ({@link MobileNetV2Weights}) give TF.js's outputs: {@code ZeroPadding2D(((0, 1), (0, 1)))}
 * before every stride-2 convolution (not PyTorch's symmetric padding), batch norm epsilon 1e-3, ReLU6, depthwise
 * 3 x 3 convolutions, no convolution biases.
 *
 * <p>Children carry the Keras layer names ({@code Conv1}, {@code bn_Conv1}, {@code expanded_conv},
 * {@code block_1} ... {@code block_16} with {@code expand}, {@code expand_BN}, {@code depthwise},
 * {@code depthwise_BN}, {@code project}, {@code project_BN}, then {@code Conv_1}, {@code Conv_1_bn}), so a state-dict
 * name such as {@code block_3.expand_BN.weight} is the Keras layer {@code block_3_expand_BN}.
 *
 * <p>Input {@code NDList(x)} or {@code NDList(x, stem)}: x is N x C x H x W (normalised as the weights expect),
 * {@code stem} ({@value #STEM_CHANNELS} channels at H/2 x W/2) is added after {@code Conv1_relu}, where RITM's
 * intermediate fusion adds its click features. Output: the five {@link #FEATURES}, strides 2 to 32.
 *
 * <pre>{@code
 * MobileNetV2 net = new MobileNetV2(3);
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
 * MobileNetV2Weights.load(net, TfjsModel.read(Path.of("nsfwjs/dist/models/mobilenet_v2")), manager);
 * NDList features = net.forward(ps, new NDList(x), false);   // 96@112, 144@56, 192@28, 576@14, 1280@7
 * }</pre>
 */
public final class MobileNetV2 extends TorchModule {
  /** Keras's {@code BatchNormalization} epsilon in MobileNetV2. */
  public static final float BN_EPS = 1e-3f;
  /** Channels after {@code Conv1_relu}, where stem features are added. */
  public static final int STEM_CHANNELS = 32;

  /** One feature map the block returns: the Keras layer it is the output of, its width and stride. */
  public record Feature(String layer, int channels, int stride) {}

  /** The features returned, in order: the expansions at strides 2 to 16 (as Keras U-Net decoders tap) and the end. */
  public static final ImmutableList<Feature> FEATURES = ImmutableList.of(
      new Feature("block_1_expand_relu", 96, 2), new Feature("block_3_expand_relu", 144, 4),
      new Feature("block_6_expand_relu", 192, 8), new Feature("block_13_expand_relu", 576, 16),
      new Feature("out_relu", 1280, 32));

  /** Receives a Keras layer's output during a forward pass (it is freed afterwards in inference: copy it). */
  @FunctionalInterface
  public interface Tap {
    Tap NONE = (layer, value) -> { };

    void accept(String kerasLayer, NDArray value);
  }

  // (expansion, output channels, stride) per block, expanded_conv first: Keras's MobileNetV2 table
  private static final int[][] BLOCKS = {
      {1, 16, 1}, {6, 24, 2}, {6, 24, 1}, {6, 32, 2}, {6, 32, 1}, {6, 32, 1}, {6, 64, 2}, {6, 64, 1}, {6, 64, 1},
      {6, 64, 1}, {6, 96, 1}, {6, 96, 1}, {6, 96, 1}, {6, 160, 2}, {6, 160, 1}, {6, 160, 1}, {6, 320, 1}};
  private static final int LAST_CHANNELS = 1280;

  private final int inputChannels;
  private final Conv2dBlock conv1;
  private final BatchNorm2dBlock bnConv1;
  private final List<InvertedResidual> blocks = new ArrayList<>();
  private final Conv2dBlock conv1x1;
  private final BatchNorm2dBlock conv1x1Bn;

  /** {@code inputChannels}: 3 for RGB, more when click maps are fused early. */
  public MobileNetV2(int inputChannels) {
    if (inputChannels <= 0) {
      throw new IllegalArgumentException("MobileNetV2 input channels must be > 0, got " + inputChannels);
    }
    this.inputChannels = inputChannels;
    conv1 = child("Conv1", Conv2dBlock.builder(inputChannels, STEM_CHANNELS).kernel(3).stride(2).noBias().build());
    bnConv1 = child("bn_Conv1", new BatchNorm2dBlock(STEM_CHANNELS, BN_EPS));
    int in = STEM_CHANNELS;
    for (int i = 0; i < BLOCKS.length; i++) {
      int[] b = BLOCKS[i];
      String name = i == 0 ? "expanded_conv" : "block_" + i;
      blocks.add(child(name, new InvertedResidual(name, in, b[0], b[1], b[2])));
      in = b[1];
    }
    conv1x1 = child("Conv_1", Conv2dBlock.builder(in, LAST_CHANNELS).noBias().build());
    conv1x1Bn = child("Conv_1_bn", new BatchNorm2dBlock(LAST_CHANNELS, BN_EPS));
  }

  public int inputChannels() {
    return inputChannels;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    if (inputs.isEmpty() || inputs.size() > 2) {
      throw new IllegalArgumentException("MobileNetV2 takes (x) or (x, stemFeatures), got " + inputs.size()
          + " arrays");
    }
    return run(ps, inputs.get(0), inputs.size() == 2 ? inputs.get(1) : null, training, Tap.NONE);
  }

  /**
   * The forward pass, showing every Keras layer output worth comparing ({@code bn_Conv1}, {@code Conv1_relu},
   * {@code <block>_expand_relu}, {@code <block>_depthwise_relu}, {@code <block>_project_BN}, {@code <block>_add},
   * {@code Conv_1_bn}, {@code out_relu}) to {@code tap}; returns the {@link #FEATURES}.
   *
   * @param stem added after {@code Conv1_relu}, or null for none
   */
  public NDList run(ParameterStore ps, NDArray x, NDArray stem, boolean training, Tap tap) {
    if (x.getShape().dimension() != 4 || x.getShape().get(1) != inputChannels) {
      throw new IllegalArgumentException("MobileNetV2 expects N x " + inputChannels + " x H x W, got " + x.getShape());
    }
    NDArray padded = kerasPad(x);
    NDArray c = callFree(conv1, ps, padded, training);
    NDArray b = callFree(bnConv1, ps, c, training);
    tap.accept("bn_Conv1", b);
    NDArray cur = release(training, relu6(b), b);
    tap.accept("Conv1_relu", cur);
    if (stem != null) {
      cur = release(training, cur.add(stem), cur);
    }
    NDList features = new NDList();
    for (InvertedResidual block : blocks) {
      boolean keep = FEATURES.stream().anyMatch(f -> f.layer().equals(block.name + "_expand_relu"));
      NDList out = block.run(ps, cur, training, tap, keep);
      release(training, null, cur);
      cur = out.get(0);
      if (keep) {
        features.add(out.get(1));
      }
    }
    NDArray head = callFree(conv1x1, ps, cur, training);
    NDArray headBn = callFree(conv1x1Bn, ps, head, training);
    tap.accept("Conv_1_bn", headBn);
    NDArray last = release(training, relu6(headBn), headBn);
    tap.accept("out_relu", last);
    features.add(last);
    return features;
  }

  /** Keras's {@code ZeroPadding2D(((0, 1), (0, 1)))}: one zero row below and one zero column to the right. */
  static NDArray kerasPad(NDArray x) {
    return x.pad(new Shape(0, 1, 0, 1), 0); // (left, right, top, bottom) of the last two dimensions
  }

  /** Output size of a stride-2 3 x 3 convolution after {@link #kerasPad}: (H + 1 - 3) / 2 + 1 = floor(H / 2). */
  static long down(long size) {
    return (size - 2) / 2 + 1;
  }

  static NDArray relu6(NDArray x) {
    return Ops.clip(x, 0f, 6f);
  }

  @Override
  protected Shape[] childInputShapes(ai.djl.nn.Block child, Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long n = s.get(0);
    long h = down(s.get(2));
    long w = down(s.get(3));
    if (child == conv1) {
      return new Shape[] {new Shape(n, inputChannels, s.get(2) + 1, s.get(3) + 1)};
    }
    if (child == bnConv1) {
      return new Shape[] {new Shape(n, STEM_CHANNELS, h, w)};
    }
    int in = STEM_CHANNELS;
    for (int i = 0; i < blocks.size(); i++) {
      if (child == blocks.get(i)) {
        return new Shape[] {new Shape(n, in, h, w)};
      }
      if (BLOCKS[i][2] == 2) {
        h = down(h);
        w = down(w);
      }
      in = BLOCKS[i][1];
    }
    return new Shape[] {new Shape(n, child == conv1x1 ? in : LAST_CHANNELS, h, w)};
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    Shape[] out = new Shape[FEATURES.size()];
    for (int i = 0; i < out.length; i++) {
      Feature f = FEATURES.get(i);
      long h = s.get(2);
      long w = s.get(3);
      for (int k = 1; k < f.stride(); k *= 2) {
        h = down(h);
        w = down(w);
      }
      out[i] = new Shape(s.get(0), f.channels(), h, w);
    }
    return out;
  }

  /** Keras's {@code _inverted_res_block}: 1x1 expand, 3x3 depthwise, 1x1 linear projection, residual if it fits. */
  static final class InvertedResidual extends TorchModule {
    private final String name;
    private final int stride;
    private final boolean residual;
    private final Conv2dBlock expand;
    private final BatchNorm2dBlock expandBn;
    private final Conv2dBlock depthwise;
    private final BatchNorm2dBlock depthwiseBn;
    private final Conv2dBlock project;
    private final BatchNorm2dBlock projectBn;

    InvertedResidual(String name, int in, int expansion, int out, int stride) {
      this.name = name;
      this.stride = stride;
      int hidden = in * expansion;
      residual = stride == 1 && in == out;
      expand = expansion == 1 ? null : child("expand", Conv2dBlock.builder(in, hidden).noBias().build());
      expandBn = expansion == 1 ? null : child("expand_BN", new BatchNorm2dBlock(hidden, BN_EPS));
      // stride 1: Keras's 'same' padding (1 each side); stride 2: block_N_pad, then 'valid'
      depthwise = child("depthwise", Conv2dBlock.builder(hidden, hidden).kernel(3).stride(stride)
          .padding(stride == 1 ? 1 : 0).groups(hidden).noBias().build());
      depthwiseBn = child("depthwise_BN", new BatchNorm2dBlock(hidden, BN_EPS));
      project = child("project", Conv2dBlock.builder(hidden, out).noBias().build());
      projectBn = child("project_BN", new BatchNorm2dBlock(out, BN_EPS));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      return new NDList(run(ps, inputs.singletonOrThrow(), training, Tap.NONE, false).get(0));
    }

    /** (output) or (output, expand_relu output) when {@code keepExpanded}; the input is not freed. */
    NDList run(ParameterStore ps, NDArray x, boolean training, Tap tap, boolean keepExpanded) {
      NDArray h = x;
      if (expand != null) {
        NDArray e = call1(expand, ps, x, training);
        NDArray eb = callFree(expandBn, ps, e, training);
        h = release(training, relu6(eb), eb);
        tap.accept(name + "_expand_relu", h);
      }
      NDArray in = stride == 2 ? kerasPad(h) : h;
      NDArray d = call1(depthwise, ps, in, training);
      if (in != h) {
        release(training, null, in);
      }
      if (h != x && !keepExpanded) {
        release(training, null, h);
      }
      NDArray db = callFree(depthwiseBn, ps, d, training);
      NDArray dr = release(training, relu6(db), db);
      tap.accept(name + "_depthwise_relu", dr);
      NDArray pr = callFree(project, ps, dr, training);
      NDArray out = callFree(projectBn, ps, pr, training);
      tap.accept(name + "_project_BN", out);
      if (residual) {
        out = release(training, x.add(out), out);
        tap.accept(name + "_add", out);
      }
      return keepExpanded ? new NDList(out, h) : new NDList(out);
    }

    @Override
    protected Shape[] childInputShapes(ai.djl.nn.Block child, Shape[] inputShapes) {
      Shape s = inputShapes[0];
      long hidden = depthwise.inChannels();
      long h = s.get(2);
      long w = s.get(3);
      if (child == expand) {
        return inputShapes;
      }
      if (child == expandBn) {
        return new Shape[] {new Shape(s.get(0), hidden, h, w)};
      }
      if (child == depthwise) {
        return new Shape[] {stride == 2 ? new Shape(s.get(0), hidden, h + 1, w + 1) : new Shape(s.get(0), hidden, h, w)};
      }
      long oh = stride == 2 ? down(h) : h;
      long ow = stride == 2 ? down(w) : w;
      long channels = child == project || child == depthwiseBn ? hidden : project.outChannels();
      return new Shape[] {new Shape(s.get(0), channels, oh, ow)};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      long oh = stride == 2 ? down(s.get(2)) : s.get(2);
      long ow = stride == 2 ? down(s.get(3)) : s.get(3);
      return new Shape[] {new Shape(s.get(0), project.outChannels(), oh, ow)};
    }
  }
}
