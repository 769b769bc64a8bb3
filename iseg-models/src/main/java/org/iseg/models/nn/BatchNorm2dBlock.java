package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
    var device = x.getDevice();
    // DJL's momentum is the weight of the running value: 1 - PyTorch's momentum.
    return BatchNorm.batchNorm(x, ps.getValue(runningMean, device, training), ps.getValue(runningVar, device, training),
        ps.getValue(weight, device, training), ps.getValue(bias, device, training), 1, 1f - TORCH_MOMENTUM, eps, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
