package org.iseg.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.iseg.api.IisModel;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.engine.predictors.RitmModelProvider;
import org.iseg.models.IisNetwork;
import org.iseg.models.compact.DefaultNetwork;

/**
 * Where the CLI's model comes from, as {@code --checkpoint} and {@code --model-option} name it: the {@link
 * IisModelProvider} that opens it and that provider's options. Networks (the embedded default, a RITM {@code
 * .pth}, an iseg network folder or {@code .safetensors} file, a published RITM checkpoint name) go to the {@value
 * #NETWORKS} provider, which runs them behind RITM's predictor; {@code .onnx} files to {@code onnx}, TorchScript
 * files ({@code .pt}, {@code .ts}, {@code .torchscript}) to {@code torchscript}; any other registered model name
 * (a plug-in) to that provider.
 */
record ModelSource(String label, String provider, Map<String, String> options) {
  /** The provider of networks behind RITM's predictor. */
  static final String NETWORKS = "ritm";

  ModelSource {
    options = Map.copyOf(options);
  }

  static ModelSource resolve(Optional<String> checkpoint, Map<String, String> modelOptions) {
    if (checkpoint.isEmpty()) {
      requireNoOptions(DefaultNetwork.NAME, modelOptions);
      return new ModelSource(DefaultNetwork.NAME, NETWORKS, Map.of("name", DefaultNetwork.NAME));
    }
    String value = checkpoint.get();
    Path path = Path.of(value);
    if (!Files.exists(path) && IisModelProvider.registry().contains(value)) {
      return new ModelSource(value, value.toLowerCase(Locale.ROOT), modelOptions);
    }
    Optional<String> external = externalProvider(value);
    if (external.isPresent()) {
      Map<String, String> options = new LinkedHashMap<>(modelOptions);
      options.put("file", value);
      if (!options.containsKey("inputs")) {
        options.putIfAbsent("layout", "ritm"); // RITM's inputs unless the user declares the network's own
      }
      return new ModelSource(value, external.get(), options);
    }
    requireNoOptions(value, modelOptions);
    return new ModelSource(value, NETWORKS, Map.of("checkpoint", value, "name", value));
  }

  /** {@code onnx} or {@code torchscript} for an exported network file, by its ending. */
  private static Optional<String> externalProvider(String file) {
    String name = file.toLowerCase(Locale.ROOT);
    if (name.endsWith(".onnx")) {
      return Optional.of("onnx");
    }
    if (name.endsWith(".pt") || name.endsWith(".ts") || name.endsWith(".torchscript")) {
      return Optional.of("torchscript");
    }
    return Optional.empty();
  }

  private static void requireNoOptions(String model, Map<String, String> modelOptions) {
    if (!modelOptions.isEmpty()) {
      throw new IllegalArgumentException("--model-option " + modelOptions.keySet() + " is for ONNX/TorchScript files"
          + " and plug-in models, but '" + model + "' is a network; drop the option or pass --checkpoint FILE.onnx,"
          + " FILE.pt or a model name (" + String.join(", ", IisModelProvider.registry().names()) + ")");
    }
  }

  /** Whether it is a network that RITM's predictor runs (so ZoomIn and flip settings apply). */
  boolean isNetwork() {
    return provider.equals(NETWORKS);
  }

  /**
   * A new model; {@code predictorOptions} (the {@value #NETWORKS} provider's {@code mode}, {@code dataset}, {@code
   * flip}, {@code clicks-limit}) apply to networks only, other models take their own {@link #options}.
   */
  IisModel open(Map<String, String> predictorOptions) {
    Map<String, String> all = new LinkedHashMap<>(options);
    if (isNetwork()) {
      all.putAll(predictorOptions);
    }
    return IisModelProvider.registry().get(provider).create(all);
  }

  /** A new network, for the annotator's live predictor settings; only when {@link #isNetwork()}. */
  IisNetwork loadNetwork() {
    if (!isNetwork()) {
      throw new IllegalStateException(label + " is a '" + provider + "' model, not a network");
    }
    return RitmModelProvider.network(options);
  }
}
