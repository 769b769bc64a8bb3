package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Dropout2d;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * The object-contextual representation (OCR) head of RITM's {@code isegm/model/modeling/ocr.py}.
 *
 * <pre>{@code
 * NDArray context = Ocr.spatialGather(feats, auxLogits);      // N x C x K x 1
 * NDArray out = new Ocr.SpatialOcrModule(128, 64, 128, 0.05f) ... forward(feats, context)
 * }</pre>
 */
public final class Ocr {
  private Ocr() {}

  /**
   * {@code SpatialGather_Module} (scale 1): softmax of each class map over all pixels, then the
   * probability-weighted sum of the features: N x C x K x 1 from feats N x C x H x W and probs N x K x H x W.
   */
  public static NDArray spatialGather(NDArray feats, NDArray probs) {
    return spatialGather(feats, probs, true);
  }

  /** {@link #spatialGather(NDArray, NDArray)}, freeing its temporaries unless {@code training}. */
  static NDArray spatialGather(NDArray feats, NDArray probs, boolean training) {
    Shape ps = probs.getShape();
    long n = ps.get(0);
    long k = ps.get(1);
    NDArray p = probs.reshape(n, k, -1).softmax(2);                           // N x K x HW
    NDArray f = feats.reshape(n, feats.getShape().get(1), -1).transpose(0, 2, 1); // N x HW x C
    NDArray context = p.matMul(f);
    NDArray out = context.transpose(0, 2, 1).expandDims(3);                    // N x C x K x 1
    if (!training) {
      p.close();
      f.close();
      context.close();
    }
    return out;
  }

  private static Sequential bnRelu(int channels) {
    return Sequential.of(new BatchNorm2dBlock(channels), Activations.relu());
  }

  private static Conv2dBlock conv1x1(int in, int out) {
    return Conv2dBlock.builder(in, out).kernel(1).noBias().build();
  }

  /** {@code ObjectAttentionBlock2D} with scale 1: pixel-to-object attention. Inputs (feats, proxy). */
  public static final class ObjectAttentionBlock2D extends TorchModule {
    private final int keyChannels;
    private final float attentionScale;
    private final Sequential fPixel;
    private final Sequential fObject;
    private final Sequential fDown;
    private final Sequential fUp;

    public ObjectAttentionBlock2D(int inChannels, int keyChannels) {
      this.keyChannels = keyChannels;
      // PyTorch multiplies a float32 tensor by the Python float key_channels ** -0.5 in float32.
      this.attentionScale = (float) Math.pow(keyChannels, -0.5);
      fPixel = child("f_pixel", Sequential.of(conv1x1(inChannels, keyChannels), bnRelu(keyChannels),
          conv1x1(keyChannels, keyChannels), bnRelu(keyChannels)));
      fObject = child("f_object", Sequential.of(conv1x1(inChannels, keyChannels), bnRelu(keyChannels),
          conv1x1(keyChannels, keyChannels), bnRelu(keyChannels)));
      fDown = child("f_down", Sequential.of(conv1x1(inChannels, keyChannels), bnRelu(keyChannels)));
      fUp = child("f_up", Sequential.of(conv1x1(keyChannels, inChannels), bnRelu(inChannels)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray x = inputs.get(0);
      NDArray proxy = inputs.get(1);
      long n = x.getShape().get(0);
      long h = x.getShape().get(2);
      long w = x.getShape().get(3);
      NDArray query = call1(fPixel, ps, x, training).reshape(n, keyChannels, -1).transpose(0, 2, 1); // N,HW,K
      NDArray key = call1(fObject, ps, proxy, training).reshape(n, keyChannels, -1);              // N,K,C
      NDArray value = call1(fDown, ps, proxy, training).reshape(n, keyChannels, -1).transpose(0, 2, 1);
      NDArray scores = query.matMul(key);
      NDArray scaled = Ops.mul(scores, attentionScale);
      NDArray sim = scaled.softmax(-1);                                                         // N,HW,C
      NDArray weighted = sim.matMul(value);
      NDArray context = weighted.transpose(0, 2, 1).reshape(n, keyChannels, h, w);
      NDArray out = call1(fUp, ps, context, training);
      release(training, out, query, key, value, scores, scaled, sim, weighted, context);
      return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0]};
    }
  }

  /** {@code SpatialOCR_Module}: attention context concatenated with the features, 1x1 conv, BN, ReLU, dropout. */
  public static final class SpatialOcrModule extends TorchModule {
    private final ObjectAttentionBlock2D objectContext;
    private final Sequential convBnDropout;
    private final int outChannels;

    public SpatialOcrModule(int inChannels, int keyChannels, int outChannels, float dropout) {
      this.outChannels = outChannels;
      objectContext = child("object_context_block", new ObjectAttentionBlock2D(inChannels, keyChannels));
      convBnDropout = child("conv_bn_dropout", Sequential.of(conv1x1(2 * inChannels, outChannels),
          bnRelu(outChannels), new Dropout2d(dropout)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      NDArray feats = inputs.get(0);
      NDArray context = call(objectContext, ps, inputs, training).singletonOrThrow();
      NDArray both = release(training, context.concat(feats, 1), context);
      NDList out = call(convBnDropout, ps, new NDList(both), training);
      return new NDList(release(training, out.singletonOrThrow(), both));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
    }
  }
}
