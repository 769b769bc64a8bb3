package org.iseg.api;

/**
 * A model's auxiliary state {@code z} carried from one click to the next (for ITER-M models: the previous
 * prediction). Models define their own implementations; {@link #NONE} is the state of a stateless model.
 */
public interface State {
  /** The state of a model that carries nothing between clicks. */
  State NONE = new State() {
    @Override
    public String toString() {
      return "State.NONE";
    }
  };
}
