package org.iseg.models.external;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An exported network run by ONNX Runtime (through DJL's {@code OnnxRuntime} engine). Inputs are matched by name.
 *
 * <pre>{@code
 * try (OnnxIisModel model = OnnxIisModel.load(Path.of("ritm_h18s.onnx"), ExternalModelSpec.ritm())) {
 *   InteractionTrace trace = Interactions.fullInference(model, robot, image, target, 20);
 * }
 * }</pre>
 */
public final class OnnxIisModel extends ExternalIisModel {
  /** DJL's name of the ONNX Runtime engine. */
  public static final String ENGINE = "OnnxRuntime";

  private OnnxIisModel(Optional<Path> encoder, Path decoder, ExternalModelSpec spec) {
    super(ENGINE, encoder, decoder, spec);
  }

  /** A single ONNX network. */
  public static OnnxIisModel load(Path onnx, ExternalModelSpec spec) {
    return new OnnxIisModel(Optional.empty(), onnx, spec);
  }

  /** An encoder (run once per image) and a decoder (run per click), SAM-style. */
  public static OnnxIisModel loadEncoderDecoder(Path encoder, Path decoder, ExternalModelSpec spec) {
    return new OnnxIisModel(Optional.of(encoder), decoder, spec);
  }
}
