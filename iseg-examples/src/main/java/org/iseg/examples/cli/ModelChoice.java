package org.iseg.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.iseg.api.IisModel;
import picocli.CommandLine.Option;

/**
 * The {@code --checkpoint} and {@code --model-option} options shared by the commands that run one model; absent =
 * the embedded default network. Resolved through the model registry ({@link ModelSource}).
 */
final class ModelChoice {

  @Option(names = "--checkpoint", paramLabel = "PATH|NAME",
      description = "RITM .pth file, iseg network folder or .safetensors file, a published RITM checkpoint name"
          + " (downloaded when online), an exported .onnx or TorchScript (.pt, .ts) network, or a model name"
          + " (onnx, torchscript, mask2former = click-to-mask on a Mask2Former export, plug-ins). Default: the embedded"
          + " default model.")
  Optional<String> checkpoint = Optional.empty();

  @Option(names = "--model-option", paramLabel = "KEY=VALUE",
      description = "An option of an ONNX/TorchScript/plug-in model, e.g. layout=ritm (the default for .onnx/.pt),"
          + " inputs=..., output=..., or mask2former's checkpoint=EXPORT.pth; repeatable.")
  Map<String, String> modelOptions = new LinkedHashMap<>();

  String label() {
    return source().label();
  }

  ModelSource source() {
    return ModelSource.resolve(checkpoint, modelOptions);
  }

  /**
   * A new model (one per worker: models are not shared across threads); networks run behind RITM's predictor
   * with {@code predictorOptions} ({@code mode}, {@code dataset}, {@code flip}, {@code clicks-limit}).
   */
  IisModel predictor(Map<String, String> predictorOptions) {
    return source().open(predictorOptions);
  }
}
