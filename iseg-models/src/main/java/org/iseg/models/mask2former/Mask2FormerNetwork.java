package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;
import org.iseg.models.nn.ParameterModule;
import org.iseg.models.nn.StateDicts;
import org.iseg.models.nn.TorchModule;

/**
 * EasyCV's {@code Mask2Former} network with its state-dict names: {@code backbone} ({@link EasyCvResNet} or
 * {@link EasyCvSwinTransformer}, as the config's {@code model.backbone.type} says) and
 * {@code head} = {@code pixel_decoder} ({@code MSDeformAttnPixelDecoder}) + {@code predictor}
 * ({@code MultiScaleMaskedTransformerDecoder}). {@link #predict} for inference, {@link #forwardTrain} for training.
 *
 * <pre>{@code
 * Mask2FormerNetwork net = new Mask2FormerNetwork(config);
 * Mask2FormerNetwork.Output out = net.predict(ps, image, null);   // image: B x 3 x H x W, normalised RGB
 * }</pre>
 */
public final class Mask2FormerNetwork extends TorchModule {
  private final Mask2FormerConfig config;
  private final Block backbone;
  private final PixelDecoder pixelDecoder;
  private final MaskedDecoder predictor;

  public Mask2FormerNetwork(Mask2FormerConfig config) {
    this.config = config;
    backbone = child("backbone", config.backbone() instanceof Mask2FormerConfig.Swin swin
        ? new EasyCvSwinTransformer(swin) : new EasyCvResNet((Mask2FormerConfig.ResNet) config.backbone()));
    PixelDecoder pd = new PixelDecoder(config.pixelDecoder());
    MaskedDecoder dec = new MaskedDecoder(config.decoder());
    child("head", new Head(pd, dec));
    pixelDecoder = pd;
    predictor = dec;
  }

  public Mask2FormerConfig config() {
    return config;
  }

  /**
   * Trainable parameters as PyTorch counts them ({@code sum(p.numel() for p in model.parameters())}): every tensor of
   * the state dict except the buffers (BatchNorm's running statistics, Swin's relative position index).
   */
  public long parameterCount() {
    return parameterCount("");
  }

  /** {@link #parameterCount()} of the tensors whose names start with {@code prefix}. */
  public long parameterCount(String prefix) {
    long n = 0;
    for (Map.Entry<String, Parameter> e : StateDicts.parameters(this).entrySet()) {
      String name = e.getKey();
      if (name.startsWith(prefix) && !name.endsWith(".running_mean") && !name.endsWith(".running_var")
          && !EasyCvSwinTransformer.isBuffer(name)) {
        n += e.getValue().getShape().size();
      }
    }
    return n;
  }

  /**
   * The network's prediction: {@code logits} B x Q x (K + 1), {@code masks} B x Q x H/4 x W/4 (mask logits), and
   * {@code aux}: the predictions before the first decoder layer and after each but the last.
   */
  public record Output(NDArray logits, NDArray masks, List<NDArray[]> aux) {}

  /**
   * One forward pass. Every array it creates belongs to {@code image}'s manager.
   *
   * @param image B x 3 x H x W, normalised RGB (a batch: images of one padded size), H and W multiples of 32
   * @param taps receives the intermediates under the golden {@code net-io.npz} names when not null
   */
  public Output predict(ParameterStore ps, NDArray image, Map<String, NDArray> taps) {
    return forward(ps, image, taps, false);
  }

  /**
   * The training forward pass: {@link #predict} with the deformable attention's sampling and the FPN's upsampling
   * as NDArray operations, so that a {@code GradientCollector} reaches every parameter (EasyCV's train mode; the
   * frozen BatchNorm keeps its statistics, as {@code norm_eval}). Equal to {@link #predict} up to float rounding.
   */
  public Output forwardTrain(ParameterStore ps, NDArray image) {
    return forward(ps, image, null, true);
  }

  private Output forward(ParameterStore ps, NDArray image, Map<String, NDArray> taps, boolean differentiable) {
    Shape s = image.getShape();
    if (s.dimension() != 4 || s.get(1) != 3) {
      throw new IllegalArgumentException("Mask2Former expects a B x 3 x H x W batch, got " + s);
    }
    NDList features = call(backbone, ps, new NDList(image), false);
    if (taps != null) {
      for (int i = 0; i < features.size(); i++) {
        taps.put("backbone." + i, features.get(i));
      }
    }
    PixelDecoder.Features f = pixelDecoder.apply(ps, features, taps, differentiable);
    if (taps != null) {
      taps.put("pixel_decoder.mask_features", f.maskFeatures());
    }
    List<MaskedDecoder.Prediction> preds = predictor.apply(ps, f.multiScale(), f.maskFeatures(), taps);
    MaskedDecoder.Prediction last = preds.get(preds.size() - 1);
    List<NDArray[]> aux = new java.util.ArrayList<>();
    for (int i = 0; i < preds.size() - 1; i++) {
      aux.add(new NDArray[] {preds.get(i).logits(), preds.get(i).masks()});
    }
    return new Output(last.logits(), last.masks(), aux);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    Output out = predict(ps, inputs.singletonOrThrow(), null);
    return new NDList(out.logits(), out.masks());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), config.decoder().numQueries(), config.numClasses() + 1),
        new Shape(s.get(0), config.decoder().numQueries(), s.get(2) / 4, s.get(3) / 4)};
  }

  /** {@code Mask2FormerHead}: only holds {@code pixel_decoder} and {@code predictor}. */
  private static final class Head extends ParameterModule {
    Head(PixelDecoder pixelDecoder, MaskedDecoder predictor) {
      child("pixel_decoder", pixelDecoder);
      child("predictor", predictor);
    }
  }
}
