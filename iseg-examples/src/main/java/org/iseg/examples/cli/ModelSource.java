package org.iseg.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
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
record ModelSource(String label, String provider, Map<String, String> options) implements Serializable {
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

  /**
   * The SHA-256 of the model's bytes (a file, every file of a folder, or the embedded default network), so a run
   * can tell that "model.pth" is not the file it was a week ago; for a model known only by name (a published
   * checkpoint not yet downloaded, a plug-in) its name and options.
   */
  String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Optional<Path> file = Optional.ofNullable(options.getOrDefault("file", options.get("checkpoint")))
          .map(Path::of).filter(Files::exists);
      if (file.isPresent()) {
        List<Path> parts;
        try (Stream<Path> walk = Files.walk(file.get())) {
          parts = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path part : parts) {
          sha.update(file.get().relativize(part).toString().getBytes(StandardCharsets.UTF_8));
          try (InputStream in = Files.newInputStream(part)) {
            digest(sha, in);
          }
        }
      } else if (label.equals(DefaultNetwork.NAME)) {
        try (InputStream in = DefaultNetwork.class.getResourceAsStream(DefaultNetwork.RESOURCE_DIR
            + DefaultNetwork.WEIGHTS)) {
          digest(sha, Objects.requireNonNull(in, "the default network's resource"));
        }
      } else {
        return "name:" + provider + new TreeMap<>(options);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model " + label + " to hash it: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static void digest(MessageDigest sha, InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      sha.update(buf, 0, n);
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
