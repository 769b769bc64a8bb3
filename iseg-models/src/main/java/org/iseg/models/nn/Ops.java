package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Tensor operations RITM uses that DJL's engine-neutral API lacks or gets subtly wrong.
 *
 * <pre>{@code
 * NDArray up = Ops.resizeBilinearAlignCorners(logits, 320, 480);
 * }</pre>
 */
public final class Ops {
  /** libtorch's interpolation mode code for bilinear in DJL's JNI bridge. */
  private static final int TORCH_BILINEAR = 2;

  private Ops() {}

  /**
   * {@code F.interpolate(x, size=(h, w), mode='bilinear', align_corners=True)} on an N x C x H x W array.
   *
   * <p>Calls libtorch directly: DJL 0.35's {@code PtNDArrayEx.interpolation(size, mode, alignCorners)} drops its
   * {@code alignCorners} argument and always interpolates with {@code align_corners=False}.
   */
  public static NDArray resizeBilinearAlignCorners(NDArray x, long height, long width) {
    if (!(x instanceof PtNDArray pt)) {
      throw new IllegalArgumentException(
          "bilinear resize with align_corners needs the PyTorch engine, got an array of engine "
              + x.getManager().getEngine().getEngineName());
    }
    if (x.getShape().dimension() != 4) {
      throw new IllegalArgumentException("bilinear resize expects N x C x H x W, got " + x.getShape());
    }
    if (x.getShape().get(2) == height && x.getShape().get(3) == width) {
      // align_corners=True maps every pixel onto itself: a copy keeps ownership semantics simple.
      return x.duplicate();
    }
    return JniUtils.interpolate(pt, new long[] {height, width}, TORCH_BILINEAR, true);
  }
}
