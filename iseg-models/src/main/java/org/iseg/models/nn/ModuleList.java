package org.iseg.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * PyTorch's {@code nn.ModuleList}: an indexed container the owner calls into. Entries may be absent
 * ({@code None} in PyTorch); their index is kept so the state-dict names of later entries stay right.
 *
 * <pre>{@code
 * ModuleList transitions = new ModuleList(Arrays.asList(null, newBranchConv));
 * transitions.get(1).ifPresent(...);
 * }</pre>
 */
public final class ModuleList extends TorchModule {
  private final List<Block> entries;

  /** Entries in order; {@code null} marks an absent entry (PyTorch's {@code None}). */
  public ModuleList(List<? extends Block> entries) {
    this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
    for (int i = 0; i < this.entries.size(); i++) {
      Block b = this.entries.get(i);
      if (b != null) {
        child(Integer.toString(i), b);
      }
    }
  }

  public Optional<Block> get(int index) {
    return Optional.ofNullable(entries.get(index));
  }

  public int size() {
    return entries.size();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    throw new UnsupportedOperationException("a ModuleList is a container; its owner calls its entries");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("a ModuleList is a container; its owner calls its entries");
  }
}
