package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * RITM's {@code ScaleLayer}: {@code x * |scale * lrMult|} with one learned parameter {@code scale}, initialised to
 * {@code initValue / lrMult}.
 *
 * <pre>{@code
 * ScaleLayer scale = new ScaleLayer(0.05f, 1f);   // RITM's maps_transform
 * }</pre>
 */
public final class ScaleLayer extends TorchModule {
  private final float lrMult;
  private final Parameter scale;

  public ScaleLayer(float initValue, float lrMult) {
    if (!(lrMult > 0f)) {
      throw new IllegalArgumentException("lrMult must be > 0, got " + lrMult);
    }
    this.lrMult = lrMult;
    scale = addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.WEIGHT).optShape(new Shape(1))
        .optInitializer(new ConstantInitializer(initValue / lrMult)).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray s = ps.getValue(scale, x.getDevice(), training);
    // Temporaries are closed at once: they are created in the parameter's manager, which lives as long as the
    // network. Autograd keeps its own references, so closing the handles is safe in training too.
    NDArray scaled = lrMult == 1f ? null : Ops.mul(s, lrMult);
    NDArray abs = (scaled == null ? s : scaled).abs();
    NDArray out = x.mul(abs);
    abs.close();
    if (scaled != null) {
      scaled.close();
    }
    return new NDList(out);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
