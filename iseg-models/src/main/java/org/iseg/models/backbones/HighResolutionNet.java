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
import java.util.Optional;
import java.util.stream.Stream;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * HRNetV2 with the OCR head, as RITM builds it ({@code HighResolutionNet} in {@code hrnet_ocr.py}, one class):
 * stem (two stride-2 3x3 convolutions), a bottleneck stage, three multi-resolution stages with 2, 3 and 4
 * branches of widths {@code w, 2w, 4w, 8w}, all branches upsampled and concatenated, then
 * {@code aux_head} (auxiliary logits) and OCR ({@code conv3x3_ocr}, spatial gather, {@code ocr_distri_head},
 * {@code cls_head}). The small variant uses 2 blocks per branch and 1/3/2 modules instead of 4 and 1/4/3.
 *
 * <p>Inputs {@code NDList(image)} or {@code NDList(image, stemFeatures)}; outputs {@code NDList(logits, aux)} at
 * stride 4 (only {@code NDList(logits)} when {@code ocrWidth == 0}).
 *
 * <pre>{@code
 * HighResolutionNet net = new HighResolutionNet(new HighResolutionNet.Spec(18, 48, true), 3);
 * }</pre>
 */
public final class HighResolutionNet extends TorchModule {
  /** Channels after the stem: where intermediate fusion adds its features. */
  public static final int STEM_CHANNELS = 64;

  /** Architecture: branch width (18, 32, 48), OCR width (0 for no OCR head), small variant. */
  public record Spec(int width, int ocrWidth, boolean small) {
    public Spec {
      if (width <= 0 || ocrWidth < 0) {
        throw new IllegalArgumentException("HRNet width must be > 0 and ocr width >= 0, got " + width + ", "
            + ocrWidth);
      }
    }
  }

  private final Spec spec;
  private final int inputChannels;
  private final Conv2dBlock conv1;
  private final BatchNorm2dBlock bn1;
  private final Conv2dBlock conv2;
  private final BatchNorm2dBlock bn2;
  private final Sequential layer1;
  private final ModuleList transition1;
  private final Sequential stage2;
  private final ModuleList transition2;
  private final Sequential stage3;
  private final ModuleList transition3;
  private final Sequential stage4;
  private final Sequential conv3x3Ocr;
  private final Ocr.SpatialOcrModule ocrDistriHead;
  private final Block clsHead;
  private final Sequential auxHead;

  public HighResolutionNet(Spec spec, int inputChannels) {
    this.spec = spec;
    this.inputChannels = inputChannels;
    int w = spec.width();
    int numBlocks = spec.small() ? 2 : 4;
    conv1 = child("conv1", Conv2dBlock.builder(inputChannels, 64).kernel(3).stride(2).padding(1).noBias().build());
    bn1 = child("bn1", new BatchNorm2dBlock(64));
    conv2 = child("conv2", Conv2dBlock.builder(64, 64).kernel(3).stride(2).padding(1).noBias().build());
    bn2 = child("bn2", new BatchNorm2dBlock(64));

    List<Block> l1 = new ArrayList<>();
    l1.add(new ResidualBlocks.Bottleneck(64, 64, 1, 1, Optional.of(ResidualBlocks.downsample(64, 256, 1))));
    for (int i = 1; i < numBlocks; i++) {
      l1.add(new ResidualBlocks.Bottleneck(256, 64, 1, 1, Optional.empty()));
    }
    layer1 = child("layer1", Sequential.of(l1));

    int[] c2 = {w, 2 * w};
    int[] c3 = {w, 2 * w, 4 * w};
    int[] c4 = {w, 2 * w, 4 * w, 8 * w};
    transition1 = child("transition1", transition(new int[] {256}, c2));
    stage2 = child("stage2", stage(c2, 1, numBlocks));
    transition2 = child("transition2", transition(c2, c3));
    stage3 = child("stage3", stage(c3, spec.small() ? 3 : 4, numBlocks));
    transition3 = child("transition3", transition(c3, c4));
    stage4 = child("stage4", stage(c4, spec.small() ? 2 : 3, numBlocks));

    int last = w + 2 * w + 4 * w + 8 * w;
    if (spec.ocrWidth() > 0) {
      int mid = 2 * spec.ocrWidth();
      conv3x3Ocr = child("conv3x3_ocr", Sequential.of(
          Conv2dBlock.builder(last, mid).kernel(3).padding(1).build(), new BatchNorm2dBlock(mid), Activations.relu()));
      ocrDistriHead = child("ocr_distri_head", new Ocr.SpatialOcrModule(mid, spec.ocrWidth(), mid, 0.05f));
      clsHead = child("cls_head", Conv2dBlock.builder(mid, 1).kernel(1).build());
      auxHead = child("aux_head", Sequential.of(Conv2dBlock.builder(last, last).kernel(1).build(),
          new BatchNorm2dBlock(last), Activations.relu(), Conv2dBlock.builder(last, 1).kernel(1).build()));
    } else {
      conv3x3Ocr = null;
      ocrDistriHead = null;
      auxHead = null;
      clsHead = child("cls_head", Sequential.of(Conv2dBlock.builder(last, last).kernel(3).padding(1).build(),
          new BatchNorm2dBlock(last), Activations.relu(), Conv2dBlock.builder(last, 1).kernel(1).build()));
    }
  }

  public Spec spec() {
    return spec;
  }

  public int inputChannels() {
    return inputChannels;
  }

  private static ModuleList transition(int[] pre, int[] cur) {
    List<Block> layers = new ArrayList<>();
    for (int i = 0; i < cur.length; i++) {
      if (i < pre.length) {
        layers.add(cur[i] != pre[i]
            ? Sequential.of(Conv2dBlock.builder(pre[i], cur[i]).kernel(3).padding(1).noBias().build(),
                new BatchNorm2dBlock(cur[i]), Activations.relu())
            : null);
      } else {
        List<Block> downs = new ArrayList<>();
        for (int j = 0; j < i + 1 - pre.length; j++) {
          int in = pre[pre.length - 1];
          int out = j == i - pre.length ? cur[i] : in;
          downs.add(Sequential.of(Conv2dBlock.builder(in, out).kernel(3).stride(2).padding(1).noBias().build(),
              new BatchNorm2dBlock(out), Activations.relu()));
        }
        layers.add(Sequential.of(downs));
      }
    }
    return new ModuleList(layers);
  }

  private static Sequential stage(int[] channels, int modules, int numBlocks) {
    List<Block> list = new ArrayList<>();
    for (int i = 0; i < modules; i++) {
      list.add(new HighResolutionModule(channels, numBlocks, true));
    }
    return Sequential.of(list);
  }

  /**
   * Where RITM's f-BRS modulates an HRNet's features ({@code HRNetFeatureBRSPredictor}'s insertion modes).
   * {@link #HRNET_FEATURES} is mode 'A' (f-BRS-A and f-BRS-B): the output of {@code compute_hrnet_feats}, all
   * branches upsampled and concatenated, before {@code aux_head} and OCR. {@link #OCR_FEATURES} is mode 'C'
   * (f-BRS-C): the output of {@code ocr_distri_head}, right before {@code cls_head}.
   */
  public enum FeaturePoint {
    HRNET_FEATURES,
    OCR_FEATURES
  }

  /** Channels of the features at {@code point}: {@code 15 w} after the branches, {@code 2 ocrWidth} after OCR. */
  public int channels(FeaturePoint point) {
    if (point == FeaturePoint.OCR_FEATURES) {
      if (spec.ocrWidth() == 0) {
        throw new IllegalArgumentException("HRNet without OCR head has no OCR features to modulate (f-BRS-C)");
      }
      return 2 * spec.ocrWidth();
    }
    return 15 * spec.width();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDArray feats = hrnetFeatures(ps, inputs, training);
    if (spec.ocrWidth() == 0) {
      return new NDList(callFree(clsHead, ps, feats, training));
    }
    NDArray aux = call1(auxHead, ps, feats, training);
    NDArray distributed = ocr(ps, feats, aux, training);
    return new NDList(callFree(clsHead, ps, distributed, training), aux);
  }

  /**
   * The features at {@code point} for {@code NDList(image[, stemFeatures])} (RITM's {@code _get_head_input}); with
   * {@link #logits} this is the network's main output.
   */
  public NDArray features(ParameterStore ps, NDList inputs, FeaturePoint point, boolean training) {
    NDArray feats = hrnetFeatures(ps, inputs, training);
    if (point == FeaturePoint.HRNET_FEATURES) {
      return feats;
    }
    channels(point);
    NDArray aux = call1(auxHead, ps, feats, training);
    NDArray out = ocr(ps, feats, aux, training);
    release(training, null, aux);
    return out;
  }

  /**
   * The main logits (stride 4) from the (possibly modulated) features at {@code point}: for
   * {@link FeaturePoint#HRNET_FEATURES} {@code aux_head}, OCR and {@code cls_head}; for
   * {@link FeaturePoint#OCR_FEATURES} {@code cls_head} alone. Frees {@code features} unless {@code training}.
   */
  public NDArray logits(ParameterStore ps, NDArray features, FeaturePoint point, boolean training) {
    if (point == FeaturePoint.OCR_FEATURES || spec.ocrWidth() == 0) {
      return callFree(clsHead, ps, features, training);
    }
    NDArray aux = call1(auxHead, ps, features, training);
    NDArray distributed = ocr(ps, features, aux, training);
    release(training, null, aux);
    return callFree(clsHead, ps, distributed, training);
  }

  /** RITM's {@code compute_hrnet_feats}: stem, stages, all branches upsampled to stride 4 and concatenated. */
  private NDArray hrnetFeatures(ParameterStore ps, NDList inputs, boolean training) {
    NDArray x = inputs.get(0);
    if (x.getShape().dimension() != 4 || x.getShape().get(1) != inputChannels) {
      throw new IllegalArgumentException("HRNet expects N x " + inputChannels + " x H x W input, got " + x.getShape());
    }
    x = reluFree(callFree(bn1, ps, call1(conv1, ps, x, training), training), training);
    if (inputs.size() > 1) {
      x = release(training, x.add(inputs.get(1)), x);
    }
    x = reluFree(callFree(bn2, ps, callFree(conv2, ps, x, training), training), training);
    x = callFree(layer1, ps, x, training);

    NDList y = stage(stage2, transition1, new NDList(x), ps, training);
    y = stage(stage3, transition2, y, ps, training);
    y = stage(stage4, transition3, y, ps, training);
    return aggregate(y, training);
  }

  /** conv3x3_ocr, spatial gather with the aux logits, ocr_distri_head; frees {@code feats} unless training. */
  private NDArray ocr(ParameterStore ps, NDArray feats, NDArray aux, boolean training) {
    NDArray ocrFeats = callFree(conv3x3Ocr, ps, feats, training);
    NDArray context = Ocr.spatialGather(ocrFeats, aux, training);
    NDArray distributed = call(ocrDistriHead, ps, new NDList(ocrFeats, context), training).singletonOrThrow();
    release(training, null, ocrFeats, context);
    return distributed;
  }

  /** Transition then stage; frees (in inference) every array of {@code prev} and of the transition not passed on. */
  private static NDList stage(Sequential stage, ModuleList transition, NDList prev, ParameterStore ps,
      boolean training) {
    NDList in = applyTransition(transition, prev, ps, training);
    NDList out = call(stage, ps, in, training);
    if (!training) {
      for (NDList list : new NDList[] {prev, in}) {
        for (NDArray a : list) {
          if (!holds(out, a) && !a.isReleased()) {
            a.close();
          }
        }
      }
    }
    return out;
  }

  /** New branches come from the last (lowest-resolution) previous branch; absent entries pass through. */
  private static NDList applyTransition(ModuleList transition, NDList prev, ParameterStore ps, boolean training) {
    NDList out = new NDList();
    for (int i = 0; i < transition.size(); i++) {
      NDArray source = i < prev.size() ? prev.get(i) : prev.get(prev.size() - 1);
      Optional<Block> t = transition.get(i);
      out.add(t.isPresent() ? call1(t.get(), ps, source, training) : source);
    }
    return out;
  }

  private static NDArray aggregate(NDList x, boolean training) {
    long h = x.get(0).getShape().get(2);
    long w = x.get(0).getShape().get(3);
    NDList all = new NDList(x.get(0));
    for (int i = 1; i < x.size(); i++) {
      all.add(Ops.resizeBilinearAlignCorners(x.get(i), h, w));
    }
    NDArray cat = NDArrays.concat(all, 1);
    return release(training, cat, Stream.concat(x.stream(), all.stream()).toArray(NDArray[]::new));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = conv2.getOutputShapes(conv1.getOutputShapes(new Shape[] {inputShapes[0]}))[0];
    Shape logits = new Shape(s.get(0), 1, s.get(2), s.get(3));
    return spec.ocrWidth() == 0 ? new Shape[] {logits} : new Shape[] {logits, logits};
  }
}
