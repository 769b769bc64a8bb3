package org.iseg.models.external;


import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.iseg.api.Normalization;
import org.iseg.models.fusion.DistMaps;
import org.iseg.models.fusion.TensorClickEncoderProvider;

/**
 * The declared interface of an exported interactive segmentation network: its inputs in order, the output to
 * read, and, for encoder/decoder pairs (SAM-style), the encoder's inputs.
 *
 * <pre>{@code
 * // an exported RITM ITER-M model: forward(image_with_prev_mask, points) -> logits
 * ExternalModelSpec ritm = ExternalModelSpec.ritm();
 * // a network taking the image, disk click maps and the previous mask as three inputs
 * ExternalModelSpec maps = ExternalModelSpec.builder()
 *     .addImage("image").addClickMaps("clicks", 5).addPreviousMask("prev_mask")
 *     .output(OutputSpec.ofLogits()).build();
 * // an encoder/decoder pair: the embedding is computed once per image and reused for every click
 * ExternalModelSpec sam = ExternalModelSpec.builder()
 *     .addEncoderImage("image")
 *     .addEmbedding("embedding", 0).addPoints("points").output(OutputSpec.ofLogits()).build();
 * }</pre>
 *
 * @param inputs the (decoder) network's inputs, in order
 * @param output the output holding the mask
 * @param encoderInputs the encoder's inputs (only images), empty for a single network
 */
public record ExternalModelSpec(List<InputSpec> inputs, OutputSpec output, List<InputSpec> encoderInputs) {
  /** ImageNet mean and std, as most backbones expect. */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  public ExternalModelSpec {
    inputs = List.copyOf(inputs);
    encoderInputs = List.copyOf(encoderInputs);
    Objects.requireNonNull(output, "output");
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("an external model needs at least one input");
    }
    Set<String> names = new HashSet<>();
    for (InputSpec in : inputs) {
      if (!names.add(in.name())) {
        throw new IllegalArgumentException("input name '" + in.name() + "' is declared twice");
      }
      if (in instanceof InputSpec.Embedding && encoderInputs.isEmpty()) {
        throw new IllegalArgumentException("input '" + in.name() + "' takes an encoder output, but no encoder input "
            + "is declared; add one with addEncoderImage");
      }
    }
    for (InputSpec in : encoderInputs) {
      if (!(in instanceof InputSpec.Image image) || image.withPreviousMask()) {
        throw new IllegalArgumentException("encoder input '" + in.name() + "' must be a plain image input: the "
            + "encoder runs once per image, before any click");
      }
    }
  }

  /**
   * An exported RITM model ({@code torch.jit.trace} / {@code torch.onnx.export} of {@code model(image, points)}
   * returning the {@code instances} logits): inputs {@code image} (1x4xHxW: RGB in [0, 1] + previous mask; RITM
   * normalises inside the network) and {@code points}; output 0 as logits.
   */
  public static ExternalModelSpec ritm() {
    return builder().addImage("image", Normalization.NONE.mean(), Normalization.NONE.std(), true).addPoints("points").output(OutputSpec.ofLogits()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A spec from string arguments, as DJL passes them ({@code Criteria.optArgument}, or a model
   * folder's {@code serving.properties}):
   * <ul>
   *   <li>{@code layout=ritm}: {@link #ritm()}; otherwise
   *   <li>{@code inputs}: comma-separated {@code name=kind} in the network's order, kind one of {@code image},
   *       {@code image+prev} (previous mask as 4th channel), {@code disks:RADIUS} (RITM's disks), {@code maps:ENCODER:RADIUS} (a registered tensor click encoder, e.g. {@code maps:ritm-distance:5}), {@code points}, {@code prev}, {@code embedding:N} (encoder output N);
   *   <li>{@code mean}, {@code std}: three comma-separated values for every image input (default 0 and 1);
   *   <li>{@code encoderImage}: the encoder's image input name (encoder/decoder pairs only);
   *   <li>{@code output}: the output's name, or {@code #N} for output number N (default {@code #0});
   *       {@code outputType}: {@code logits} (default) or {@code probabilities}; {@code outputChannel} (default 0).
   * </ul>
   * Example: {@code inputs=image=image+prev,clicks=disks:5, output=logits}.
   *
   * @throws IllegalArgumentException naming the argument that is missing or malformed
   */
  public static ExternalModelSpec fromArguments(java.util.Map<String, ?> arguments) {
    String layout = argument(arguments, "layout", "");
    OutputSpec output = parseOutput(arguments);
    if (layout.equalsIgnoreCase("ritm")) {
      ExternalModelSpec ritm = ritm();
      return new ExternalModelSpec(ritm.inputs(), arguments.containsKey("output")
          || arguments.containsKey("outputType") ? output : ritm.output(), List.of());
    }
    if (!layout.isEmpty()) {
      throw new IllegalArgumentException("unknown layout '" + layout + "'; use layout=ritm or declare inputs=...");
    }
    String inputs = argument(arguments, "inputs", "");
    if (inputs.isBlank()) {
      throw new IllegalArgumentException("argument 'inputs' is missing: declare the network's inputs, e.g. "
          + "inputs=image=image+prev,clicks=disks:5 (or layout=ritm)");
    }
    float[] mean = triple(arguments, "mean", Normalization.NONE.mean());
    float[] std = triple(arguments, "std", Normalization.NONE.std());
    Builder b = builder().output(output);
    String encoderImage = argument(arguments, "encoderImage", "");
    if (!encoderImage.isEmpty()) {
      b.addEncoderImage(encoderImage, mean, std);
    }
    for (String item : inputs.split(",")) {
      String[] parts = item.trim().split("=", 2);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException("argument 'inputs': '" + item + "' is not name=kind");
      }
      String name = parts[0].trim();
      String kind = parts[1].trim().toLowerCase(java.util.Locale.ROOT);
      if (kind.equals("image")) {
        b.addImage(name, mean, std, false);
      } else if (kind.equals("image+prev")) {
        b.addImage(name, mean, std, true);
      } else if (kind.startsWith("maps:") && kind.lastIndexOf(':') > 5) {
        int colon = kind.lastIndexOf(':');
        try {
          b.addClickMaps(name, kind.substring(5, colon), Integer.parseInt(kind.substring(colon + 1)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("argument 'inputs': radius in '" + item + "' is not an integer", e);
        }
      } else if (kind.startsWith("disks:")) {
        try {
          b.addClickMaps(name, Integer.parseInt(kind.substring(6)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("argument 'inputs': radius in '" + item + "' is not an integer", e);
        }
      } else if (kind.equals("points")) {
        b.addPoints(name);
      } else if (kind.equals("prev")) {
        b.addPreviousMask(name);
      } else if (kind.startsWith("embedding:")) {
        try {
          b.addEmbedding(name, Integer.parseInt(kind.substring(10)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("argument 'inputs': output index in '" + item + "' is not an integer", e);
        }
      } else {
        throw new IllegalArgumentException("argument 'inputs': unknown kind '" + kind + "' in '" + item
            + "'; use image, image+prev, disks:RADIUS, maps:ENCODER:RADIUS, points, prev or embedding:N");
      }
    }
    return b.build();
  }

  private static OutputSpec parseOutput(java.util.Map<String, ?> arguments) {
    String type = argument(arguments, "outputType", "logits");
    OutputSpec spec;
    if (type.equalsIgnoreCase("logits")) {
      spec = OutputSpec.ofLogits();
    } else if (type.equalsIgnoreCase("probabilities")) {
      spec = OutputSpec.ofProbabilities();
    } else {
      throw new IllegalArgumentException("argument 'outputType' is '" + type + "'; use logits or probabilities");
    }
    String output = argument(arguments, "output", "#0");
    try {
      spec = output.startsWith("#") ? spec.at(Integer.parseInt(output.substring(1))) : spec.named(output);
      return spec.channel(Integer.parseInt(argument(arguments, "outputChannel", "0")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument 'output'/'outputChannel' is malformed: " + e.getMessage(), e);
    }
  }

  private static String argument(java.util.Map<String, ?> arguments, String key, String fallback) {
    Object v = arguments.get(key);
    return v == null ? fallback : v.toString().trim();
  }

  private static float[] triple(java.util.Map<String, ?> arguments, String key, float[] fallback) {
    String v = argument(arguments, key, "");
    if (v.isEmpty()) {
      return fallback;
    }
    String[] parts = v.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException("argument '" + key + "' needs three comma-separated numbers, got " + v);
    }
    float[] out = new float[3];
    try {
      for (int i = 0; i < 3; i++) {
        out[i] = Float.parseFloat(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument '" + key + "' needs three numbers, got " + v, e);
    }
    return out;
  }

  /** Whether the network sees the previous prediction (then {@code initialZ(image, mask)} is supported). */
  public boolean usesPreviousMask() {
    for (InputSpec in : inputs) {
      if (in instanceof InputSpec.PreviousMask || (in instanceof InputSpec.Image i && i.withPreviousMask())) {
        return true;
      }
    }
    return false;
  }

  /** Whether this is an encoder/decoder pair. */
  public boolean hasEncoder() {
    return !encoderInputs.isEmpty();
  }

  /** Builds an {@link ExternalModelSpec}; inputs are added in the network's order. */
  public static final class Builder {
    private final List<InputSpec> inputs = new ArrayList<>();
    private final List<InputSpec> encoderInputs = new ArrayList<>();
    private OutputSpec output = OutputSpec.ofLogits();

    private Builder() {}

    /** An RGB image input scaled to [0, 1] without further normalisation. */
    public Builder addImage(String name) {
      return addImage(name, Normalization.NONE.mean(), Normalization.NONE.std(), false);
    }

    /** An image input normalised with {@code mean}/{@code std}, optionally with the previous mask as 4th channel. */
    public Builder addImage(String name, float[] mean, float[] std, boolean withPreviousMask) {
      inputs.add(new InputSpec.Image(name, normalization(name, mean, std), withPreviousMask));
      return this;
    }

    /** Disk click maps (positive, negative) of the given radius: RITM's {@code ritm-disks} encoder. */
    public Builder addClickMaps(String name, int radius) {
      return addClickMaps(name, DistMaps.DISKS, radius);
    }

    /**
     * Click maps (positive, negative) of the tensor click encoder registered as {@code encoder} (e.g. {@code
     * ritm-distance}).
     */
    public Builder addClickMaps(String name, String encoder, int radius) {
      TensorClickEncoderProvider.create(encoder, radius, 1); // fails now, naming the usable encoders, if unknown
      inputs.add(new InputSpec.ClickMaps(name, encoder, radius));
      return this;
    }

    /** RITM's padded point list. */
    public Builder addPoints(String name) {
      inputs.add(new InputSpec.Points(name));
      return this;
    }

    /** The previous prediction as its own input. */
    public Builder addPreviousMask(String name) {
      inputs.add(new InputSpec.PreviousMask(name));
      return this;
    }

    /** Output {@code encoderOutput} of the encoder as a decoder input. */
    public Builder addEmbedding(String name, int encoderOutput) {
      inputs.add(new InputSpec.Embedding(name, encoderOutput));
      return this;
    }

    /** An image input of the encoder network (scaled to [0, 1]). */
    public Builder addEncoderImage(String name) {
      return addEncoderImage(name, Normalization.NONE.mean(), Normalization.NONE.std());
    }

    /** A normalised image input of the encoder network. */
    public Builder addEncoderImage(String name, float[] mean, float[] std) {
      encoderInputs.add(new InputSpec.Image(name, normalization(name, mean, std), false));
      return this;
    }

    private static Normalization normalization(String input, float[] mean, float[] std) {
      try {
        return new Normalization(mean, std);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image input '" + input + "': " + e.getMessage(), e);
      }
    }

    public Builder output(OutputSpec spec) {
      this.output = Objects.requireNonNull(spec, "output");
      return this;
    }

    public ExternalModelSpec build() {
      return new ExternalModelSpec(inputs, output, encoderInputs);
    }
  }
}
