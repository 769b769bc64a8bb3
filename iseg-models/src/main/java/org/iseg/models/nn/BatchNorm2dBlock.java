package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.BatchNorm2d} with its defaults (eps 1e-5 unless given, momentum 0.1): parameters {@code weight},
 * {@code bias} and the running statistics {@code running_mean}, {@code running_var} (not trained). In
 * inference ({@code training == false}) the running statistics normalise, as in PyTorch's eval mode.
 *
 * <pre>{@code
 * BatchNorm2dBlock bn = new BatchNorm2dBlock(64);
 * }</pre>
 */
public final class BatchNorm2dBlock extends TorchModule {
  /** PyTorch's default epsilon. */
  public static final float EPS = 1e-5f;
  /** PyTorch's default momentum (weight of the new batch statistics). */
  public static final float TORCH_MOMENTUM = 0.1f;

  private final int channels;
  private final float eps;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter runningMean;
  private final Parameter runningVar;
  /** Folded into the convolution before it ({@link BatchNormFolding}): the identity in inference. */
  private volatile boolean folded;

  public BatchNorm2dBlock(int channels) {
    this(channels, EPS);
  }

  /** With another epsilon, e.g. Keras's {@code BatchNormalization} default 1e-3. */
  public BatchNorm2dBlock(int channels, float eps) {
    if (channels <= 0 || !(eps > 0f)) {
      throw new IllegalArgumentException("batch norm needs channels > 0 and eps > 0, got " + channels + ", " + eps);
    }
    this.channels = channels;
    this.eps = eps;
    Shape shape = new Shape(channels);
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).optShape(shape).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).optShape(shape).build());
    runningMean = addParameter(Parameter.builder().setName("running_mean").setType(Parameter.Type.RUNNING_MEAN)
        .optShape(shape).optRequiresGrad(false).build());
    runningVar = addParameter(Parameter.builder().setName("running_var").setType(Parameter.Type.RUNNING_VAR)
        .optShape(shape).optRequiresGrad(false).build());
  }

  public int channels() {
    return channels;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    BatchNormFolding.batchNormInput(this, x);
    if (folded) {
      if (training) {
        throw new IllegalStateException("this batch norm is folded into a convolution for inference; build a fresh "
            + "network to train");
      }
      return new NDList(x);
    }
    var device = x.getDevice();
    // DJL's momentum is the weight of the running value: 1 - PyTorch's momentum.
    return BatchNorm.batchNorm(x, ps.getValue(runningMean, device, training), ps.getValue(runningVar, device, training),
        ps.getValue(weight, device, training), ps.getValue(bias, device, training), 1, 1f - TORCH_MOMENTUM, eps, training);
  }

  void setFolded(boolean folded) {
    this.folded = folded;
  }

  /** Inference's per-channel affine map as float64 {scale, shift} in {@code m}: {@code y = x * scale + shift}. */
  NDArray[] scaleShift(NDManager m) {
    NDArray scale = float64In(weight.getArray(), m).div(float64In(runningVar.getArray(), m).add((double) eps).sqrt());
    NDArray shift = float64In(bias.getArray(), m).sub(float64In(runningMean.getArray(), m).mul(scale));
    return new NDArray[] {scale, shift};
  }

  /** A float64 copy of {@code a} owned by {@code m}. */
  static NDArray float64In(NDArray a, NDManager m) {
    NDArray copy = a.toType(DataType.FLOAT64, true);
    copy.attach(m);
    return copy;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
