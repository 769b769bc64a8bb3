package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * RITM's residual blocks ({@code isegm/model/modeling/resnetv1b.py}): {@link Basic} (two 3x3 convolutions,
 * expansion 1) and {@link Bottleneck} (1x1, 3x3, 1x1, expansion 4), with an optional {@code downsample} shortcut
 * (1x1 convolution + batch norm).
 *
 * <pre>{@code
 * TorchModule block = new ResidualBlocks.Basic(18, 18, 1, 1, 1, Optional.empty());
 * }</pre>
 */
public final class ResidualBlocks {
  private ResidualBlocks() {}

  /** The standard shortcut: 1x1 convolution with {@code stride}, no bias, then batch norm. */
  public static Sequential downsample(int in, int out, int stride) {
    return Sequential.of(Conv2dBlock.builder(in, out).kernel(1).stride(stride).noBias().build(),
        new BatchNorm2dBlock(out));
  }

  /** {@code BasicBlockV1b}. */
  public static final class Basic extends TorchModule {
    public static final int EXPANSION = 1;
    private final Conv2dBlock conv1;
    private final BatchNorm2dBlock bn1;
    private final Conv2dBlock conv2;
    private final BatchNorm2dBlock bn2;
    private final Sequential downsample;

    public Basic(int inplanes, int planes, int stride, int dilation, int previousDilation,
        Optional<Sequential> downsample) {
      conv1 = child("conv1", Conv2dBlock.builder(inplanes, planes).kernel(3).stride(stride).padding(dilation)
          .dilation(dilation).noBias().build());
      bn1 = child("bn1", new BatchNorm2dBlock(planes));
      conv2 = child("conv2", Conv2dBlock.builder(planes, planes).kernel(3).padding(previousDilation)
          .dilation(previousDilation).noBias().build());
      bn2 = child("bn2", new BatchNorm2dBlock(planes));
      this.downsample = downsample.map(d -> child("downsample", d)).orElse(null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = inputs.singletonOrThrow();
      NDArray out = reluFree(callFree(bn1, ps, call1(conv1, ps, x, training), training), training);
      out = callFree(bn2, ps, callFree(conv2, ps, out, training), training);
      return new NDList(addResidualRelu(out, x, downsample, ps, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }

    /** {@code relu(out + identity)}, identity = {@code x} or {@code downsample(x)}; frees {@code out} in inference. */
    static NDArray addResidualRelu(NDArray out, NDArray x, Sequential downsample, ParameterStore ps,
        boolean training) {
      NDArray residual = downsample == null ? x : call1(downsample, ps, x, training);
      NDArray sum = release(training, out.add(residual), out, downsample == null ? null : residual);
      return reluFree(sum, training);
    }
  }

  /** {@code BottleneckV1b}. */
  public static final class Bottleneck extends TorchModule {
    public static final int EXPANSION = 4;
    private final Conv2dBlock conv1;
    private final BatchNorm2dBlock bn1;
    private final Conv2dBlock conv2;
    private final BatchNorm2dBlock bn2;
    private final Conv2dBlock conv3;
    private final BatchNorm2dBlock bn3;
    private final Sequential downsample;

    public Bottleneck(int inplanes, int planes, int stride, int dilation, Optional<Sequential> downsample) {
      conv1 = child("conv1", Conv2dBlock.builder(inplanes, planes).kernel(1).noBias().build());
      bn1 = child("bn1", new BatchNorm2dBlock(planes));
      conv2 = child("conv2", Conv2dBlock.builder(planes, planes).kernel(3).stride(stride).padding(dilation)
          .dilation(dilation).noBias().build());
      bn2 = child("bn2", new BatchNorm2dBlock(planes));
      conv3 = child("conv3", Conv2dBlock.builder(planes, planes * EXPANSION).kernel(1).noBias().build());
      bn3 = child("bn3", new BatchNorm2dBlock(planes * EXPANSION));
      this.downsample = downsample.map(d -> child("downsample", d)).orElse(null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = inputs.singletonOrThrow();
      NDArray out = reluFree(callFree(bn1, ps, call1(conv1, ps, x, training), training), training);
      out = reluFree(callFree(bn2, ps, callFree(conv2, ps, out, training), training), training);
      out = callFree(bn3, ps, callFree(conv3, ps, out, training), training);
      return new NDList(Basic.addResidualRelu(out, x, downsample, ps, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return conv3.getOutputShapes(conv2.getOutputShapes(conv1.getOutputShapes(inputShapes)));
    }
  }
}
