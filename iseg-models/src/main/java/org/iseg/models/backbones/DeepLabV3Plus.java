package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Dropout2d;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.ParameterModule;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * RITM's DeepLabV3+ ({@code isegm/model/modeling/deeplab_v3.py}) on a dilated {@link ResNetV1b} (ResNet-34 v1b or
 * ResNet-50 v1s, output stride 8): ASPP (rates 12/24/36 + image pooling) on the last stage (512 or 2048 channels),
 * a 32-channel skip projection of the first stage (64 or 256 channels), two separable convolutions; outputs
 * {@code ch} channels at stride 4. RITM's {@code DeeplabModel} puts its
 * {@link SepConvHead} beside this block (state-dict prefix {@code head.}), see {@link Backbone#head()}.
 *
 * <pre>{@code
 * DeepLabV3Plus d = new DeepLabV3Plus(ResNetV1b.Spec.RESNET34, 128, 0.2f, 3);   // RITM's r34_dh128
 * }</pre>
 */
public final class DeepLabV3Plus extends TorchModule {
  private static final int SKIP_CHANNELS = 32;
  private final ResNetV1b backbone;
  private final Sequential headBlock;
  private final Sequential skipProject;
  private final Aspp aspp;

  public DeepLabV3Plus(ResNetV1b.Spec resnet, int ch, float projectDropout, int inputChannels) {
    backbone = child("backbone", new ResNetV1b(resnet, inputChannels));
    // RITM's _DeepLabHead and _SkipProject only wrap these Sequentials (as "block", "skip_project"); forward
    // calls the Sequentials directly
    int skipIn = resnet.c1Channels();
    headBlock = Sequential.of(new SeparableConv2d(ch + SKIP_CHANNELS, ch, 3, 1), new SeparableConv2d(ch, ch, 3, 1),
        Conv2dBlock.builder(ch, ch).kernel(1).build());
    child("head", ParameterModule.holder(List.of("block"), List.of(headBlock)));
    skipProject = Sequential.of(Conv2dBlock.builder(skipIn, SKIP_CHANNELS).kernel(1).noBias().build(),
        new BatchNorm2dBlock(SKIP_CHANNELS), Activations.relu());
    child("skip_project", ParameterModule.holder(List.of("skip_project"), List.of(skipProject)));
    aspp = child("aspp", new Aspp(resnet.c4Channels(), new int[] {12, 24, 36}, ch, projectDropout));
  }

  public int inputChannels() {
    return backbone.inputChannels();
  }

  /** The ResNet under the DeepLab head. */
  public ResNetV1b.Spec resnet() {
    return backbone.spec();
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
}
