package org.iseg.models.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;
import org.iseg.models.IisNetwork;
import org.iseg.models.external.IisInputLayout;

/**
 * An {@link IisNetwork} behind RITM's {@code model(image, points)} interface, as a DJL block for a predictor:
 * inputs {@code image} (N x 3 x H x W RGB in [0, 1], or N x 4 x H x W with the previous mask as the 4th channel for
 * ITER-M networks, as RITM's {@code prepare_input} splits it) and {@code points} (N x 2K x 3); output the
 * {@code instances} logits (N x 1 x H x W), then the auxiliary logits when the network has them. Inference only; the
 * parameters stay with the network (train it through {@link org.iseg.models.IisNetworks}).
 *
 * <pre>{@code
 * Model model = Model.newInstance("ritm", Device.cpu(), "PyTorch");
 * model.setBlock(new RitmBlock(IisNetworks.fromRitmCheckpoint(pth)));
 * }</pre>
 */
public final class RitmBlock extends AbstractBlock implements IisInputLayout {
  private final IisNetwork network;

  public RitmBlock(IisNetwork network) {
    this.network = network;
  }

  /** The network this block runs. */
  public IisNetwork network() {
    return network;
  }

  /** RITM's {@code (image [+ previous mask], points)}. */
  @Override
  public String inputsArgument() {
    return network.withPrevMask() ? "image=image+prev,points=points" : "image=image,points=points";
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    if (training) {
      throw new UnsupportedOperationException("RitmBlock runs inference only; train the IisNetwork itself");
    }
    if (inputs.size() != 2) {
      throw new IllegalArgumentException("RITM network expects (image, points), got " + inputs.size() + " arrays");
    }
    NDArray x = inputs.get(0);
    long channels = x.getShape().dimension() == 4 ? x.getShape().get(1) : -1;
    long expected = network.withPrevMask() ? 4 : 3;
    if (channels != expected) {
      throw new IllegalArgumentException("RITM network " + (network.withPrevMask() ? "(ITER-M) expects N x 4 x H x W "
          + "(RGB + previous mask)" : "expects N x 3 x H x W (RGB)") + ", got image " + x.getShape());
    }
    NDArray image = x;
    Optional<NDArray> prev = Optional.empty();
    if (network.withPrevMask()) {
      image = x.get(new NDIndex(":, 0:3"));
      prev = Optional.of(x.get(new NDIndex(":, 3:4")));
    }
    var out = network.forward(image, prev, inputs.get(1)).atSize(x.getShape().get(2), x.getShape().get(3));
    NDList list = new NDList(out.instances());
    out.instancesAux().ifPresent(list::add);
    return list;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    Shape logits = new Shape(s.get(0), 1, s.get(2), s.get(3));
    return network.config().withAuxOutput() ? new Shape[] {logits, logits} : new Shape[] {logits};
  }

  @Override
  public String toString() {
    return "RitmBlock[" + network + "]";
  }
}
