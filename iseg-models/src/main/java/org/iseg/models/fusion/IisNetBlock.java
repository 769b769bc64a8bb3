package org.iseg.models.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.iseg.api.Normalization;
import org.iseg.models.backbones.Backbone;
import org.iseg.models.backbones.HighResolutionNet;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * A whole click-based segmentation network around any {@link Backbone} (RITM's {@code ISModel}): ImageNet
 * normalisation, click encoding (a {@link TensorClickEncoder}, RITM's {@link DistMaps}), optional previous-mask
 * channel, early or intermediate {@link Fusion}, and logits upsampled to the input size (bilinear, {@code align_corners=True}).
 *
 * <p>Inputs: {@code NDList(image, prevMask, points)} when {@code withPrevMask}, else {@code NDList(image,
 * points)}; image N x 3 x H x W RGB in [0, 1], prevMask N x 1 x H x W, points N x 2K x 3. Outputs:
 * {@code NDList(instances[, instancesAux])}, N x 1 x H x W logits. Children are named as RITM's attributes
 * ({@code feature_extractor}, {@code maps_transform}).
 *
 * <pre>{@code
 * IisNetBlock net = new IisNetBlock(backbone, Fusion.INTERMEDIATE, new DistMaps(5, 1, true), true, true,
 *     Normalization.IMAGENET);
 * }</pre>
 */
public final class IisNetBlock extends TorchModule {
  private final Backbone backbone;
  private final Fusion fusion;
  private final TensorClickEncoder clickEncoder;
  private final boolean withPrevMask;
  private final Normalization normalization;
  private final Block featureExtractor;
  private final Sequential mapsTransform;
  private final Block head;

  /** The backbone's child name, RITM's. */
  public static final String FEATURE_EXTRACTOR = "feature_extractor";

  public IisNetBlock(Backbone backbone, Fusion fusion, TensorClickEncoder clickEncoder, boolean withPrevMask,
      boolean leakyRelu, Normalization normalization) {
    if (clickEncoder.channels() != 2) {
      throw new IllegalArgumentException("RITM's network takes 2 click channels (positive, negative), but click "
          + "encoder " + clickEncoder + " gives " + clickEncoder.channels());
    }
    this.backbone = backbone;
    this.fusion = fusion;
    this.clickEncoder = clickEncoder;
    this.withPrevMask = withPrevMask;
    this.normalization = normalization;
    int expected = fusion == Fusion.EARLY ? 3 + coordChannels(withPrevMask) : 3;
    if (backbone.inputChannels() != expected) {
      throw new IllegalArgumentException("backbone takes " + backbone.inputChannels() + " input channels but "
          + fusion + " fusion " + (withPrevMask ? "with" : "without") + " previous mask feeds it " + expected
          + "; build it with BackboneConfig.withInputChannels(" + expected + ")");
    }
    // RITM registers maps_transform before feature_extractor; state-dict order follows.
    mapsTransform = fusion == Fusion.INTERMEDIATE
        ? child("maps_transform", MapsTransform.create(coordChannels(withPrevMask), backbone.stemChannels(), leakyRelu))
        : null;
    featureExtractor = child(FEATURE_EXTRACTOR, backbone.block());
    head = backbone.head().map(h -> child("head", h)).orElse(null);
  }

  /** Click maps (2) plus the previous mask when used. */
  public static int coordChannels(boolean withPrevMask) {
    return withPrevMask ? 3 : 2;
  }

  public boolean withPrevMask() {
    return withPrevMask;
  }

  public Backbone backbone() {
    return backbone;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    Prepared in = prepare(inputs, training);
    long h = in.height(); // read before the backbone frees the prepared arrays (inference)
    long w = in.width();
    NDList out = backboneOutputs(ps, in, training);
    NDList up = new NDList();
    for (NDArray logits : out) {
      up.add(release(training, Ops.resizeBilinearAlignCorners(logits, h, w), logits));
    }
    return up;
  }

  /**
   * The network's inputs as its backbone receives them (RITM's {@code prepare_input} and
   * {@code get_coord_features}): the normalised image and the coordinate features, previous mask first.
   *
   * @param image N x 3 x H x W, {@code (x - mean) / std}
   * @param coords N x (2 or 3) x H x W: [previous mask,] positive and negative click maps
   */
  public record Prepared(NDArray image, NDArray coords) {
    long height() {
      return image.getShape().get(2);
    }

    long width() {
      return image.getShape().get(3);
    }
  }

  /** The shape of a network's image input, which must be N x 3 x H x W (RGB in [0, 1]). */
  public static Shape requireImage(NDArray image) {
    Shape s = image.getShape();
    if (s.dimension() != 4 || s.get(1) != 3) {
      throw new IllegalArgumentException("image must be N x 3 x H x W (RGB in [0, 1]), got " + s);
    }
    return s;
  }

  /** {@link Prepared} inputs for {@code NDList(image[, prevMask], points)}, checked as {@link #forward} checks them. */
  public Prepared prepare(NDList inputs, boolean training) {
    int expectedInputs = withPrevMask ? 3 : 2;
    if (inputs.size() != expectedInputs) {
      throw new IllegalArgumentException("network expects " + (withPrevMask ? "(image, prevMask, points)"
          : "(image, points)") + ", got " + inputs.size() + " arrays");
    }
    NDArray image = inputs.get(0);
    Shape is = requireImage(image);
    long h = is.get(2);
    long w = is.get(3);
    NDArray points = inputs.get(expectedInputs - 1);
    if (points.getShape().dimension() != 3 || points.getShape().get(0) != is.get(0)) {
      throw new IllegalArgumentException("points must be N x 2K x 3 with N = " + is.get(0) + ", got "
          + points.getShape());
    }
    NDArray coords = clickEncoder.encode(points, h, w);
    if (coords.getDataType() != image.getDataType()) {
      // DistMaps answers in float32 (as RITM's); a float64 network takes its maps in float64.
      coords = release(training, coords.toType(image.getDataType(), false), coords);
    }
    if (withPrevMask) {
      NDArray prev = inputs.get(1);
      Shape ms = prev.getShape();
      if (ms.dimension() != 4 || ms.get(0) != is.get(0) || ms.get(1) != 1 || ms.get(2) != h || ms.get(3) != w) {
        throw new IllegalArgumentException("previous mask must be " + is.get(0) + " x 1 x " + h + " x " + w
            + ", got " + ms);
      }
      coords = prev.concat(coords, 1);
    }
    return new Prepared(normalize(image, normalization), coords);
  }

  /**
   * The main logits at the input size from prepared (possibly corrected) inputs, RITM's {@code backbone_forward}
   * then the upsampling; what RGB-BRS and DistMap-BRS differentiate. Frees the prepared arrays unless training.
   */
  public NDArray instances(ParameterStore ps, Prepared in, boolean training) {
    long h = in.height(); // read before the backbone frees the prepared arrays (inference)
    long w = in.width();
    NDList out = backboneOutputs(ps, in, training);
    for (int i = 1; i < out.size(); i++) {
      release(training, null, out.get(i));
    }
    return release(training, Ops.resizeBilinearAlignCorners(out.get(0), h, w), out.get(0));
  }

  /**
   * The HRNet features at an f-BRS insertion point (RITM's {@code HRNetFeatureBRSPredictor._get_head_input}).
   *
   * @throws IllegalArgumentException when the backbone is not an HRNet: f-BRS has no modulation point there
   */
  public NDArray features(ParameterStore ps, Prepared in, HighResolutionNet.FeaturePoint point, boolean training) {
    HighResolutionNet hrnet = hrnet();
    NDList backboneIn = backboneInputs(ps, in, training);
    NDArray out = hrnet.features(ps, backboneIn, point, training);
    release(training, null, backboneIn.toArray(new NDArray[0]));
    return out;
  }

  /** Main logits at {@code height x width} from the (modulated) features at {@code point}; frees {@code features}. */
  public NDArray logitsFromFeatures(ParameterStore ps, NDArray features, HighResolutionNet.FeaturePoint point,
      long height, long width, boolean training) {
    NDArray logits = hrnet().logits(ps, features, point, training);
    return release(training, Ops.resizeBilinearAlignCorners(logits, height, width), logits);
  }

  /** The HRNet of this network, for f-BRS. */
  public HighResolutionNet hrnet() {
    if (!(backbone.block() instanceof HighResolutionNet hrnet) || head != null) {
      throw new IllegalArgumentException("f-BRS modulates HRNet features (RITM's HRNetFeatureBRSPredictor); this "
          + "network's backbone " + backbone.getClass().getSimpleName() + " has no modulation point here. Use "
          + "NoBRS, RGB-BRS or DistMap-BRS");
    }
    return hrnet;
  }

  private NDList backboneInputs(ParameterStore ps, Prepared in, boolean training) {
    if (fusion == Fusion.INTERMEDIATE) {
      NDArray stem = callFree(mapsTransform, ps, in.coords(), training);
      return new NDList(in.image(), stem);
    }
    return new NDList(release(training, in.image().concat(in.coords(), 1), in.image(), in.coords()));
  }

  private NDList backboneOutputs(ParameterStore ps, Prepared in, boolean training) {
    NDList backboneIn = backboneInputs(ps, in, training);
    NDList out = call(featureExtractor, ps, backboneIn, training);
    release(training, null, backboneIn.toArray(new NDArray[0]));
    if (head != null) {
      NDArray features = out.get(0);
      NDList logits = new NDList(callFree(head, ps, features, training));
      for (int i = 1; i < out.size(); i++) {
        logits.add(out.get(i));
      }
      out = logits;
    }
    return out;
  }

  @Override
  protected Shape[] childInputShapes(Block child, Shape[] inputShapes) {
    Shape img = inputShapes[0];
    Shape coords = new Shape(img.get(0), coordChannels(withPrevMask), img.get(2), img.get(3));
    if (child == mapsTransform) {
      return new Shape[] {coords};
    }
    if (child == head) {
      return new Shape[] {featureExtractor.getOutputShapes(childInputShapes(featureExtractor, inputShapes))[0]};
    }
    if (fusion == Fusion.EARLY) {
      return new Shape[] {new Shape(img.get(0), 3 + coords.get(1), img.get(2), img.get(3))};
    }
    return new Shape[] {img, mapsTransform.getOutputShapes(new Shape[] {coords})[0]};
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape img = inputShapes[0];
    Shape out = new Shape(img.get(0), 1, img.get(2), img.get(3));
    return backbone.hasAuxOutput() ? new Shape[] {out, out} : new Shape[] {out};
  }

  /** Per-channel {@code (x - mean) / std} on an N x 3 x H x W image in [0, 1] (RITM's {@code BatchImageNormalize}). */
  static NDArray normalize(NDArray image, Normalization normalization) {
    var m = image.getManager();
    NDArray mu = m.create(normalization.mean()).reshape(1, 3, 1, 1);
    NDArray sigma = m.create(normalization.std()).reshape(1, 3, 1, 1);
    return image.sub(mu).div(sigma);
  }
}
