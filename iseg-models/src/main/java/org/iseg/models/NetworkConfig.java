package org.iseg.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Normalization;
import org.iseg.models.fusion.DistMaps;
import org.iseg.models.fusion.Fusion;

/**
 * Everything needed to build an {@link IisNetwork}: the kind of network (a {@link NetworkProvider} name:
 * {@value #RITM} = RITM's {@code ISModel} around a backbone, {@code compact} = the CPU-friendly network of the
 * default model), the backbone (a {@code BackboneProvider} name such as {@code hrnet18s}, or
 * {@code hrnet-w<W>-ocr<O>[-small]} for other HRNet sizes; for {@code compact} its widths), how clicks and the
 * previous mask are fused, the click encoding (a tensor {@code ClickEncoderProvider} name: {@code ritm-disks},
 * {@code ritm-distance}, {@code compact-maps}; by default RITM's, following {@code useDisks}), the image
 * normalisation and, for networks that work at one
 * resolution, the longer side they resize their input to. Serialises to a small JSON object.
 *
 * <pre>{@code
 * NetworkConfig c = NetworkConfig.ritm("hrnet18");                     // RITM's ITER-M setup
 * NetworkConfig e = NetworkConfig.builder("hrnet18s").fusion(Fusion.EARLY).withPrevMask(false).build();
 * }</pre>
 */
public record NetworkConfig(
    String network,
    String backbone,
    Fusion fusion,
    boolean withPrevMask,
    float normRadius,
    float spatialScale,
    boolean useDisks,
    String clickEncoder,
    boolean useLeakyRelu,
    boolean withAuxOutput,
    Normalization normalization,
    int workingSize) {
  /** The {@link #network} of RITM's networks (a backbone inside RITM's {@code ISModel}). */
  public static final String RITM = "ritm";
  /** {@link #clickEncoder} of RITM's networks, by {@link #useDisks}. */
  public static final String RITM_DISKS = DistMaps.DISKS;
  public static final String RITM_DISTANCE = DistMaps.DISTANCE;
  /** {@link #workingSize} of networks that run at their input size. */
  public static final int INPUT_SIZE = 0;

  public NetworkConfig {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(fusion, "fusion");
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(clickEncoder, "clickEncoder");
    if (network.isBlank() || backbone.isBlank() || clickEncoder.isBlank()) {
      throw new IllegalArgumentException("network, backbone and clickEncoder names must be non-empty");
    }
    if (workingSize < 0) {
      throw new IllegalArgumentException("workingSize must be >= 0 (0 = the input size), got " + workingSize);
    }
    if (!(normRadius > 0f) || !(spatialScale > 0f)) {
      throw new IllegalArgumentException("normRadius and spatialScale must be > 0, got " + normRadius + ", "
          + spatialScale);
    }
  }

  /** RITM's ITER-M setup: intermediate fusion, previous mask, disks of radius 5, leaky ReLU, aux output. */
  public static NetworkConfig ritm(String backbone) {
    return builder(backbone).build();
  }

  public static Builder builder(String backbone) {
    return new Builder(backbone);
  }

  public Builder toBuilder() {
    Builder b = new Builder(backbone).network(network).workingSize(workingSize).fusion(fusion)
        .withPrevMask(withPrevMask).normRadius(normRadius).spatialScale(spatialScale).useDisks(useDisks)
        .useLeakyRelu(useLeakyRelu).withAuxOutput(withAuxOutput).normalization(normalization);
    // RITM's encoder follows useDisks unless another one was named
    return clickEncoder.equals(ritmEncoder(useDisks)) ? b : b.clickEncoder(clickEncoder);
  }

  /** The JSON form stored next to our checkpoints. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("format", "iseg-network/1");
    if (!network.equals(RITM)) {
      o.addProperty("network", network); // absent = ritm, so files written before stay byte-identical
    }
    o.addProperty("backbone", backbone);
    o.addProperty("fusion", fusion.name());
    o.addProperty("withPrevMask", withPrevMask);
    o.addProperty("normRadius", normRadius);
    o.addProperty("spatialScale", spatialScale);
    o.addProperty("useDisks", useDisks);
    if (!clickEncoder.equals(ritmEncoder(useDisks))) {
      o.addProperty("clickEncoder", clickEncoder); // absent = RITM's, so files written before stay byte-identical
    }
    o.addProperty("useLeakyRelu", useLeakyRelu);
    o.addProperty("withAuxOutput", withAuxOutput);
    o.add("mean", array(normalization.mean()));
    o.add("std", array(normalization.std()));
    if (workingSize != INPUT_SIZE) {
      o.addProperty("workingSize", workingSize);
    }
    return o.toString();
  }

  /** Parses {@link #toJson()}; missing fields take RITM's defaults, unknown fields are rejected. */
  public static NetworkConfig fromJson(String json) {
    JsonObject o;
    try {
      o = JsonParser.parseString(json).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("network config is not a JSON object: " + e.getMessage(), e);
    }
    for (String key : o.keySet()) {
      if (!java.util.Set.of("format", "network", "workingSize", "clickEncoder", "backbone", "fusion", "withPrevMask",
          "normRadius", "spatialScale", "useDisks",
          "useLeakyRelu", "withAuxOutput", "mean", "std").contains(key)) {
        throw new IllegalArgumentException("network config has unknown field '" + key + "'");
      }
    }
    if (!o.has("backbone")) {
      throw new IllegalArgumentException("network config lacks 'backbone'");
    }
    Builder b = builder(o.get("backbone").getAsString());
    if (o.has("network")) {
      b.network(o.get("network").getAsString());
    }
    if (o.has("workingSize")) {
      b.workingSize(o.get("workingSize").getAsInt());
    }
    if (o.has("clickEncoder")) {
      b.clickEncoder(o.get("clickEncoder").getAsString());
    }
    if (o.has("fusion")) {
      b.fusion(Fusion.valueOf(o.get("fusion").getAsString()));
    }
    if (o.has("withPrevMask")) {
      b.withPrevMask(o.get("withPrevMask").getAsBoolean());
    }
    if (o.has("normRadius")) {
      b.normRadius(o.get("normRadius").getAsFloat());
    }
    if (o.has("spatialScale")) {
      b.spatialScale(o.get("spatialScale").getAsFloat());
    }
    if (o.has("useDisks")) {
      b.useDisks(o.get("useDisks").getAsBoolean());
    }
    if (o.has("useLeakyRelu")) {
      b.useLeakyRelu(o.get("useLeakyRelu").getAsBoolean());
    }
    if (o.has("withAuxOutput")) {
      b.withAuxOutput(o.get("withAuxOutput").getAsBoolean());
    }
    if (o.has("mean") || o.has("std")) {
      b.normalization(new Normalization(floats(o.get("mean")), floats(o.get("std"))));
    }
    return b.build();
  }

  private static String ritmEncoder(boolean useDisks) {
    return useDisks ? RITM_DISKS : RITM_DISTANCE;
  }

  private static JsonArray array(float[] values) {
    JsonArray a = new JsonArray();
    for (float v : values) {
      a.add(v);
    }
    return a;
  }

  private static float[] floats(JsonElement e) {
    if (e == null || !e.isJsonArray()) {
      throw new IllegalArgumentException("network config needs both 'mean' and 'std' as arrays of 3 numbers");
    }
    JsonArray a = e.getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  /** Builder with RITM's ITER-M defaults. */
  public static final class Builder {
    private final String backbone;
    private String network = RITM;
    private Optional<String> clickEncoder = Optional.empty();
    private int workingSize = INPUT_SIZE;
    private Fusion fusion = Fusion.INTERMEDIATE;
    private boolean withPrevMask = true;
    private float normRadius = 5f;
    private float spatialScale = 1f;
    private boolean useDisks = true;
    private boolean useLeakyRelu = true;
    private boolean withAuxOutput = true;
    private Normalization normalization = Normalization.IMAGENET;

    private Builder(String backbone) {
      this.backbone = backbone;
    }

    /** The {@link NetworkProvider} that builds it (default {@value NetworkConfig#RITM}). */
    public Builder network(String name) {
      this.network = name;
      return this;
    }

    /** Longer side the network resizes its input to (default {@value NetworkConfig#INPUT_SIZE}: none). */
    public Builder workingSize(int size) {
      this.workingSize = size;
      return this;
    }

    public Builder fusion(Fusion f) {
      this.fusion = f;
      return this;
    }

    public Builder withPrevMask(boolean v) {
      this.withPrevMask = v;
      return this;
    }

    public Builder normRadius(float v) {
      this.normRadius = v;
      return this;
    }

    public Builder spatialScale(float v) {
      this.spatialScale = v;
      return this;
    }

    public Builder useDisks(boolean v) {
      this.useDisks = v;
      return this;
    }

    /** The click encoder by registry name (default: RITM's {@code ritm-disks} or {@code ritm-distance}). */
    public Builder clickEncoder(String name) {
      this.clickEncoder = Optional.of(name);
      return this;
    }

    public Builder useLeakyRelu(boolean v) {
      this.useLeakyRelu = v;
      return this;
    }

    public Builder withAuxOutput(boolean v) {
      this.withAuxOutput = v;
      return this;
    }

    public Builder normalization(Normalization n) {
      this.normalization = n;
      return this;
    }

    public NetworkConfig build() {
      return new NetworkConfig(network, backbone, fusion, withPrevMask, normRadius, spatialScale, useDisks,
          clickEncoder.orElse(ritmEncoder(useDisks)), useLeakyRelu, withAuxOutput, normalization, workingSize);
    }
  }
}
