package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iseg.models.backbones.ResidualBlocks;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * EasyCV's {@code ResNet} ({@code easycv/models/backbones/resnet.py}) with bottleneck blocks, style 'pytorch' (stride
 * on the 3x3 convolution), a 7x7 stem of {@code stem_channels}, stages of {@code original_inplanes * 2^i} planes,
 * BatchNorm in eval mode (EasyCV's frozen {@code norm_eval}); state-dict names {@code conv1}, {@code bn1},
 * {@code layer1.0.conv1}, {@code layer1.0.downsample.0} ... Returns the four stage outputs (strides 4, 8, 16, 32).
 *
 * <pre>{@code
 * EasyCvResNet r50 = new EasyCvResNet((Mask2FormerConfig.ResNet) cfg.backbone());
 * NDList res2to5 = r50.forward(ps, new NDList(image), false);
 * }</pre>
 */
public final class EasyCvResNet extends TorchModule {
  private final Conv2dBlock conv1;
  private final BatchNorm2dBlock bn1;
  private final List<Sequential> layers = new ArrayList<>();

  public EasyCvResNet(Mask2FormerConfig.ResNet cfg) {
    conv1 = child("conv1", Conv2dBlock.builder(3, cfg.stemChannels()).kernel(7).stride(2).padding(3).noBias()
        .build());
    bn1 = child("bn1", new BatchNorm2dBlock(cfg.stemChannels()));
    int inplanes = cfg.stemChannels();
    for (int i = 0; i < 4; i++) {
      int planes = cfg.originalInplanes() << i;
      int out = planes * ResidualBlocks.Bottleneck.EXPANSION;
      int stride = cfg.strides().get(i);
      int dilation = cfg.dilations().get(i);
      List<Block> blocks = new ArrayList<>();
      Optional<Sequential> down = stride != 1 || inplanes != out
          ? Optional.of(ResidualBlocks.downsample(inplanes, out, stride)) : Optional.empty();
      blocks.add(new ResidualBlocks.Bottleneck(inplanes, planes, stride, dilation, down));
      inplanes = out;
      for (int b = 1; b < cfg.stageBlocks().get(i); b++) {
        blocks.add(new ResidualBlocks.Bottleneck(inplanes, planes, 1, dilation, Optional.empty()));
      }
      layers.add(child("layer" + (i + 1), Sequential.of(blocks)));
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDArray x = reluFree(callFree(bn1, ps, call1(conv1, ps, inputs.singletonOrThrow(), training), false), false);
    x = release(false, Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false), x);
    NDList out = new NDList();
    for (Sequential layer : layers) {
      x = call1(layer, ps, x, false);
      out.add(x);
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    Shape[] out = new Shape[4];
    for (int i = 0; i < 4; i++) {
      out[i] = new Shape(s.get(0), -1, -1, -1);
    }
    return out;
  }
}
