package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Dropout2d;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * RITM's DeepLabV3+ ({@code isegm/model/modeling/deeplab_v3.py}) on a dilated ResNet-34 v1b (output stride 8):
 * ASPP (rates 12/24/36 + image pooling) on the last stage, a 32-channel skip projection of the first stage, two
 * separable convolutions; outputs {@code ch} channels at stride 4. RITM's {@code DeeplabModel} puts its
 * {@link SepConvHead} beside this block (state-dict prefix {@code head.}), see {@link Backbone#head()}.
 *
 * <pre>{@code
 * DeepLabV3Plus d = new DeepLabV3Plus(128, 0.2f, 3);   // RITM's r34_dh128
 * }</pre>
 */
public final class DeepLabV3Plus extends TorchModule {
  private static final int SKIP_CHANNELS = 32;
  private final ResNet34 backbone;
  private final Sequential headBlock;
  private final Sequential skipProject;
  private final Aspp aspp;

  public DeepLabV3Plus(int ch, float projectDropout, int inputChannels) {
    backbone = child("backbone", new ResNet34(inputChannels));
    DeepLabHead head = child("head", new DeepLabHead(ch + SKIP_CHANNELS, ch, ch));
    headBlock = head.block;
    SkipProject skip = child("skip_project", new SkipProject(64, SKIP_CHANNELS));
    skipProject = skip.skipProject;
    aspp = child("aspp", new Aspp(512, new int[] {12, 24, 36}, ch, projectDropout));
  }

  public int inputChannels() {
    return backbone.inputChannels;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDList c = call(backbone, ps, inputs, training);
    NDArray c1 = call1(skipProject, ps, c.get(0), training);
    NDArray x = call1(aspp, ps, c.get(1), training);
    release(training, null, c.get(0), c.get(1));
    NDArray up = release(training, Ops.resizeBilinearAlignCorners(x, c1.getShape().get(2), c1.getShape().get(3)), x);
    NDArray cat = release(training, up.concat(c1, 1), up, c1);
    return new NDList(callFree(headBlock, ps, cat, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long h = (s.get(2) - 1) / 2 + 1;
    long w = (s.get(3) - 1) / 2 + 1;
    return new Shape[] {new Shape(s.get(0), headBlock.get(2) instanceof Conv2dBlock c ? c.outChannels() : -1,
        (h - 1) / 2 + 1, (w - 1) / 2 + 1)};
  }

  /** {@code SeparableConv2d} with ReLU: depthwise k x k, pointwise 1x1 (no biases), batch norm, ReLU. */
  public static final class SeparableConv2d extends TorchModule {
    private final Sequential body;

    public SeparableConv2d(int in, int out, int kernel, int padding) {
      body = child("body", Sequential.of(
          Conv2dBlock.builder(in, in).kernel(kernel).padding(padding).groups(in).noBias().build(),
          Conv2dBlock.builder(in, out).kernel(1).noBias().build(), new BatchNorm2dBlock(out), Activations.relu()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      return call(body, ps, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return body.getOutputShapes(inputShapes);
    }
  }

  /** RITM's {@code SepConvHead(num_outputs, in, mid, num_layers=2)}: the DeeplabModel's {@code head}. */
  public static final class SepConvHead extends TorchModule {
    private final Sequential layers;

    public SepConvHead(int outputs, int in, int mid) {
      layers = child("layers", Sequential.of(new SeparableConv2d(in, mid, 3, 1), new SeparableConv2d(mid, mid, 3, 1),
          Conv2dBlock.builder(mid, outputs).kernel(1).build()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      return call(layers, ps, new NDList(inputs.get(0)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return layers.getOutputShapes(new Shape[] {inputShapes[0]});
    }
  }

  private static final class DeepLabHead extends TorchModule {
    final Sequential block;

    DeepLabHead(int in, int mid, int out) {
      block = child("block", Sequential.of(new SeparableConv2d(in, mid, 3, 1), new SeparableConv2d(mid, mid, 3, 1),
          Conv2dBlock.builder(mid, out).kernel(1).build()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      return call(block, ps, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return block.getOutputShapes(inputShapes);
    }
  }

  private static final class SkipProject extends TorchModule {
    final Sequential skipProject;

    SkipProject(int in, int out) {
      skipProject = child("skip_project", Sequential.of(Conv2dBlock.builder(in, out).kernel(1).noBias().build(),
          new BatchNorm2dBlock(out), Activations.relu()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      return call(skipProject, ps, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return skipProject.getOutputShapes(inputShapes);
    }
  }

  /** Global average pooling to 1 x 1 ({@code nn.AdaptiveAvgPool2d((1, 1))}). */
  private static final class GlobalAvgPool extends TorchModule {
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = inputs.singletonOrThrow();
      // libtorch's adaptive average pooling to 1 x 1, as nn.AdaptiveAvgPool2d((1, 1)).
      NDArray pooled = x.getNDArrayInternal().globalAvgPool();
      return new NDList(release(training, pooled.reshape(x.getShape().get(0), x.getShape().get(1), 1, 1), pooled));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      return new Shape[] {new Shape(s.get(0), s.get(1), 1, 1)};
    }
  }

  private static final class Aspp extends TorchModule {
    private final ModuleList concurent;
    private final Sequential project;
    private final int out;

    Aspp(int in, int[] rates, int out, float projectDropout) {
      this.out = out;
      List<Block> branches = new ArrayList<>();
      branches.add(Sequential.of(Conv2dBlock.builder(in, out).kernel(1).noBias().build(), new BatchNorm2dBlock(out),
          Activations.relu()));
      for (int rate : rates) {
        branches.add(Sequential.of(Conv2dBlock.builder(in, out).kernel(3).padding(rate).dilation(rate).noBias().build(),
            new BatchNorm2dBlock(out), Activations.relu()));
      }
      branches.add(new AsppPooling(in, out));
      concurent = child("concurent", new ModuleList(branches));
      List<Block> proj = new ArrayList<>(List.of(Conv2dBlock.builder(5 * out, out).kernel(1).noBias().build(),
          new BatchNorm2dBlock(out), Activations.relu()));
      if (projectDropout > 0) {
        proj.add(Dropout2d.elementwise(projectDropout));
      }
      project = child("project", Sequential.of(proj));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDList parts = new NDList();
      for (int i = 0; i < concurent.size(); i++) {
        parts.add(call1(concurent.get(i).orElseThrow(), ps, inputs.singletonOrThrow(), training));
      }
      NDArray cat = NDArrays.concat(parts, 1);
      release(training, null, parts.toArray(new NDArray[0]));
      return new NDList(callFree(project, ps, cat, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3))};
    }
  }

  private static final class AsppPooling extends TorchModule {
    private final Sequential gap;

    AsppPooling(int in, int out) {
      gap = child("gap", Sequential.of(new GlobalAvgPool(), Conv2dBlock.builder(in, out).kernel(1).noBias().build(),
          new BatchNorm2dBlock(out), Activations.relu()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = inputs.singletonOrThrow();
      NDArray pool = call1(gap, ps, x, training);
      return new NDList(release(training, Ops.resizeBilinearAlignCorners(pool, x.getShape().get(2), x.getShape().get(3)),
          pool));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }

  /**
   * RITM's {@code ResNetBackbone('resnet34', dilated=True)}: ResNet-34 v1b, layers 3 and 4 dilated (2, 4) instead of
   * strided. Inputs (image[, stemFeatures]); outputs (c1, c4).
   */
  public static final class ResNet34 extends TorchModule {
    private final int inputChannels;
    private final Conv2dBlock conv1;
    private final BatchNorm2dBlock bn1;
    private final Sequential layer1;
    private final Sequential layer2;
    private final Sequential layer3;
    private final Sequential layer4;
    private int inplanes = 64;

    public ResNet34(int inputChannels) {
      this.inputChannels = inputChannels;
      conv1 = child("conv1", Conv2dBlock.builder(inputChannels, 64).kernel(7).stride(2).padding(3).noBias().build());
      bn1 = child("bn1", new BatchNorm2dBlock(64));
      layer1 = child("layer1", layer(64, 3, 1, 1));
      layer2 = child("layer2", layer(128, 4, 2, 1));
      layer3 = child("layer3", layer(256, 6, 1, 2));
      layer4 = child("layer4", layer(512, 3, 1, 4));
    }

    private Sequential layer(int planes, int blocks, int stride, int dilation) {
      Optional<Sequential> down = stride != 1 || inplanes != planes
          ? Optional.of(ResidualBlocks.downsample(inplanes, planes, stride)) : Optional.empty();
      List<Block> list = new ArrayList<>();
      list.add(new ResidualBlocks.Basic(inplanes, planes, stride, dilation == 4 ? 2 : 1, dilation, down));
      inplanes = planes;
      for (int i = 1; i < blocks; i++) {
        list.add(new ResidualBlocks.Basic(inplanes, planes, 1, dilation, dilation, Optional.empty()));
      }
      return Sequential.of(list);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = reluFree(callFree(bn1, ps, call1(conv1, ps, inputs.get(0), training), training), training);
      if (inputs.size() > 1) {
        // RITM zero-pads the extra features to the stem width; here both are 64 channels.
        x = release(training, x.add(inputs.get(1)), x);
      }
      x = release(training, Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false), x);
      NDArray c1 = callFree(layer1, ps, x, training);
      NDArray c2 = call1(layer2, ps, c1, training);
      NDArray c3 = callFree(layer3, ps, c2, training);
      NDArray c4 = callFree(layer4, ps, c3, training);
      return new NDList(c1, c4);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      long h = ((s.get(2) - 1) / 2) / 2 + 1;
      long w = ((s.get(3) - 1) / 2) / 2 + 1;
      return new Shape[] {new Shape(s.get(0), 64, h, w), new Shape(s.get(0), 512, (h - 1) / 2 + 1, (w - 1) / 2 + 1)};
    }
  }
}
