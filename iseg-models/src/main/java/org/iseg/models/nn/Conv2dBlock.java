package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, optional groups): parameters {@code weight} (out x in/groups x kh x kw)
 * and optional {@code bias}.
 *
 * <pre>{@code
 * Conv2dBlock conv = Conv2dBlock.builder(64, 64).kernel(3).stride(2).padding(1).noBias().build();
 * }</pre>
 */
public final class Conv2dBlock extends TorchModule {
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;
  private final Shape strideShape;
  private final Shape paddingShape;
  private final Shape dilationShape;
  /** Weight and bias with a following batch norm folded in ({@link BatchNormFolding}); inference only. */
  private volatile NDArray foldedWeight;
  private volatile NDArray foldedBias;
  /** May run on libtorch's GEMM path for small maps ({@link ConvolutionKernels#useFor}). */
  private volatile boolean gemmKernels;

  private Conv2dBlock(Builder b) {
    if (b.in <= 0 || b.out <= 0 || b.kernel <= 0 || b.stride <= 0 || b.padding < 0 || b.dilation <= 0
        || b.groups <= 0 || b.in % b.groups != 0 || b.out % b.groups != 0) {
      throw new IllegalArgumentException("invalid convolution " + b.in + "->" + b.out + " kernel " + b.kernel
          + " stride " + b.stride + " padding " + b.padding + " dilation " + b.dilation + " groups " + b.groups);
    }
    inChannels = b.in;
    outChannels = b.out;
    kernel = b.kernel;
    stride = b.stride;
    padding = b.padding;
    dilation = b.dilation;
    groups = b.groups;
    strideShape = new Shape(stride, stride);
    paddingShape = new Shape(padding, padding);
    dilationShape = new Shape(dilation, dilation);
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(outChannels, inChannels / groups, kernel, kernel))
        .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
            XavierInitializer.FactorType.IN, 2))
        .build());
    bias = b.bias
        ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
            .optShape(new Shape(outChannels)).optInitializer(new NormalInitializer(0f)).build())
        : null;
  }

  public static Builder builder(int inChannels, int outChannels) {
    return new Builder(inChannels, outChannels);
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (x.getShape().dimension() != 4 || x.getShape().get(1) != inChannels) {
      throw new IllegalArgumentException("convolution expects N x " + inChannels + " x H x W input, got "
          + x.getShape());
    }
    NDArray fw = foldedWeight;
    NDArray fb = foldedBias;
    if (fw != null && training) {
      throw new IllegalStateException("this network's batch norms are folded into its convolutions for inference; "
          + "build a fresh network to train");
    }
    NDArray w = fw != null ? fw : ps.getValue(weight, x.getDevice(), training);
    NDArray b = fw != null ? fb : bias == null ? null : ps.getValue(bias, x.getDevice(), training);
    long pixels = outputSize(x.getShape().get(2)) * outputSize(x.getShape().get(3));
    NDList y = gemmKernels
        ? ConvolutionKernels.run(pixels, inChannels / groups, kernel, groups,
            () -> Conv2d.conv2d(x, w, b, strideShape, paddingShape, dilationShape, groups))
        : Conv2d.conv2d(x, w, b, strideShape, paddingShape, dilationShape, groups);
    BatchNormFolding.convolutionOutput(this, y.head());
    return y;
  }

  /** Folds {@code bn} (which takes this convolution's output) into a copy of the weights; see BatchNormFolding. */
  void fold(BatchNorm2dBlock bn) {
    NDArray w = weight.getArray();
    NDManager owner = w.getManager();
    NDArray fw;
    NDArray fb;
    try (NDManager tmp = owner.newSubManager()) {
      NDArray[] st = bn.scaleShift(tmp); // float64, per output channel
      NDArray w64 = BatchNorm2dBlock.float64In(w, tmp);
      NDArray b64 = bias == null ? tmp.zeros(new Shape(outChannels), DataType.FLOAT64)
          : BatchNorm2dBlock.float64In(bias.getArray(), tmp);
      // The type libtorch holds: NDArray.intern (a network moved to float64) leaves DJL's cached type behind.
      DataType type;
      try (NDArray view = w.reshape(-1)) {
        type = view.getDataType();
      }
      fw = w64.mul(st[0].reshape(outChannels, 1, 1, 1)).toType(type, false);
      fb = b64.mul(st[0]).add(st[1]).toType(type, false);
      fw.attach(owner);
      fb.attach(owner);
    }
    unfold();
    foldedBias = fb;
    foldedWeight = fw;
  }

  void allowGemmKernels() {
    gemmKernels = true;
  }

  /** Back to the parameters as they are. */
  void unfold() {
    NDArray fw = foldedWeight;
    NDArray fb = foldedBias;
    foldedWeight = null;
    foldedBias = null;
    if (fw != null) {
      fw.close();
      fb.close();
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), outChannels, outputSize(in.get(2)), outputSize(in.get(3)))};
  }

  /** One output side for an input side, as PyTorch's {@code Conv2d} computes it. */
  private long outputSize(long in) {
    return (in + 2L * padding - ((long) dilation * (kernel - 1) + 1)) / stride + 1;
  }

  /** Builder: kernel 1, stride 1, padding 0, dilation 1, with bias unless {@link #noBias()}. */
  public static final class Builder {
    private final int in;
    private final int out;
    private int kernel = 1;
    private int stride = 1;
    private int padding;
    private int dilation = 1;
    private int groups = 1;
    private boolean bias = true;

    private Builder(int in, int out) {
      this.in = in;
      this.out = out;
    }

    public Builder kernel(int k) {
      this.kernel = k;
      return this;
    }

    public Builder stride(int s) {
      this.stride = s;
      return this;
    }

    public Builder padding(int p) {
      this.padding = p;
      return this;
    }

    public Builder dilation(int d) {
      this.dilation = d;
      return this;
    }

    /** Grouped convolution ({@code groups == in} is depthwise). */
    public Builder groups(int g) {
      this.groups = g;
      return this;
    }

    public Builder noBias() {
      this.bias = false;
      return this;
    }

    public Builder bias(boolean withBias) {
      this.bias = withBias;
      return this;
    }

    public Conv2dBlock build() {
      return new Conv2dBlock(this);
    }
  }
}
