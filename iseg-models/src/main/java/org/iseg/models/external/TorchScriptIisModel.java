package org.iseg.models.external;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An exported TorchScript network ({@code torch.jit.trace}/{@code torch.jit.script} + {@code torch.jit.save}) run
 * by DJL's PyTorch engine. Inputs are passed positionally, in the spec's order.
 *
 * <pre>{@code
 * try (TorchScriptIisModel model = TorchScriptIisModel.load(Path.of("ritm_h18s.pt"), ExternalModelSpec.ritm())) {
 *   Prediction p = model.predict(image, model.initialZ(image), positives, negatives);
 * }
 * }</pre>
 */
public final class TorchScriptIisModel extends ExternalIisModel {
  /** DJL's name of the PyTorch engine. */
  public static final String ENGINE = "PyTorch";

  private TorchScriptIisModel(Optional<Path> encoder, Path decoder, ExternalModelSpec spec) {
    super(ENGINE, encoder, decoder, spec);
  }

  /** A single TorchScript network. */
  public static TorchScriptIisModel load(Path file, ExternalModelSpec spec) {
    return new TorchScriptIisModel(Optional.empty(), file, spec);
  }

  /** An encoder (run once per image) and a decoder (run per click). */
  public static TorchScriptIisModel loadEncoderDecoder(Path encoder, Path decoder, ExternalModelSpec spec) {
    return new TorchScriptIisModel(Optional.of(encoder), decoder, spec);
  }
}
