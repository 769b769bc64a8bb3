package org.iseg.examples.annotator;

import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * A model that hands every call but {@link #predict} and {@link #close} to the model it wraps, for wrappers that
 * change or measure the prediction only. It does not own that model: {@link #close} leaves it open unless a
 * subclass closes it.
 *
 * <pre>
 * IisModel named = new ForwardingIisModel(model) {
 *   public Prediction predict(Image x, State z, List&lt;Click&gt; pcs, List&lt;Click&gt; ncs) {
 *     return delegate().predict(x, z, pcs, ncs);
 *   }
 * };
 * </pre>
 */
public abstract class ForwardingIisModel implements IisModel {
  private final IisModel delegate;

  protected ForwardingIisModel(IisModel delegate) {
    this.delegate = delegate;
  }

  /** The wrapped model. */
  protected final IisModel delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public State initialZ(Image x) {
    return delegate.initialZ(x);
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    return delegate.initialZ(x, startMask);
  }

  @Override
  public ProbabilityMap initialY(Image x) {
    return delegate.initialY(x);
  }

  @Override
  public long stateBytesPerPixel() {
    return delegate.stateBytesPerPixel();
  }
}
