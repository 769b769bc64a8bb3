package org.iseg.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArrayEx;
import ai.djl.training.ParameterStore;
import org.iseg.engine.predictors.PredictorNetwork;

/**
 * A {@link PredictorNetwork} over a {@link CompactIisNet}-style block, so the RITM predictor (ZoomIn, flip
 * averaging) can drive it: the input (a whole image or a ZoomIn crop) is resized so its longer side is {@code
 * workingSize}, both sides multiples of 16; click coordinates follow (pixel centres mapped); the logits come back
 * at the working size and the predictor resizes them to its input.
 *
 * <pre>{@code
 * IisModel m = new RitmPredictor("compact", new CompactPredictorNetwork(net, store, 256),
 *     Presets.evalMode("cvpr", "GrabCut"));
 * }</pre>
 */
public final class CompactPredictorNetwork implements PredictorNetwork {
  private final Block network;
  private final ParameterStore store;
  private final int workingSize;

  public CompactPredictorNetwork(Block network, ParameterStore store, int workingSize) {
    if (workingSize < 16) {
      throw new IllegalArgumentException("working size must be >= 16, got " + workingSize);
    }
    this.network = network;
    this.store = store;
    this.workingSize = workingSize;
  }

  @Override
  public NDArray logits(NDArray image, NDArray prevMask, NDArray points) {
    Shape s = image.getShape();
    long h = s.get(2);
    long w = s.get(3);
    double scale = (double) workingSize / Math.max(h, w);
    long nh = Math.max(16, Math.round(h * scale / 16) * 16);
    long nw = Math.max(16, Math.round(w * scale / 16) * 16);
    NDArray x = image;
    NDArray prev = prevMask;
    NDArray pts = points;
    if (nh != h || nw != w) {
      x = resize(image, nh, nw);
      prev = resize(prevMask, nh, nw);
      NDArray rc = points.get(new NDIndex(":, :, 0:2"));
      NDArray valid = rc.min(new int[] {2}, true).gte(0f);
      NDArray factor = image.getManager().create(new float[] {(float) nh / h, (float) nw / w}).reshape(1, 1, 2);
      NDArray scaled = rc.add(0.5f).mul(factor).sub(0.5f).round();
      NDArray clampMax = image.getManager().create(new float[] {nh - 1, nw - 1}).reshape(1, 1, 2);
      scaled = scaled.maximum(0f).minimum(clampMax);
      rc = ai.djl.ndarray.NDArrays.where(valid.repeat(2, 2), scaled, rc);
      pts = ai.djl.ndarray.NDArrays.concat(new NDList(rc, points.get(new NDIndex(":, :, 2:3"))), 2);
    }
    return network.forward(store, new NDList(x, prev, pts), false).get(0);
  }

  private static NDArray resize(NDArray a, long h, long w) {
    return ((PtNDArrayEx) a.getNDArrayInternal()).interpolation(new long[] {h, w}, 2, false);
  }

  @Override
  public boolean withPrevMask() {
    return true;
  }

  @Override
  public String toString() {
    return "CompactPredictorNetwork[" + network + ", working size " + workingSize + "]";
  }
}
