package org.iseg.models.backbones;

import org.iseg.api.spi.AbstractNamedProvider;

/**
 * The HRNet+OCR backbones RITM trains, registered by name: {@code hrnet18s} (width 18, small, OCR 48),
 * {@code hrnet18} (width 18, OCR 64), {@code hrnet32} (width 32, OCR 128).
 *
 * <pre>{@code
 * Backbone b = BackboneProvider.registry().get("hrnet18s").create(BackboneConfig.rgb());
 * }</pre>
 */
public final class HrnetProviders {
  private HrnetProviders() {}

  abstract static class Base extends AbstractNamedProvider implements BackboneProvider {
    private final HighResolutionNet.Spec spec;

    Base(String name, HighResolutionNet.Spec spec) {
      super(name, "HRNetV2-W" + spec.width() + (spec.small() ? " small" : "") + " + OCR " + spec.ocrWidth()
          + " (RITM)");
      this.spec = spec;
    }

    /** The architecture this name stands for. */
    public HighResolutionNet.Spec spec() {
      return spec;
    }

    @Override
    public Backbone create(BackboneConfig config) {
      return HrnetBackbone.create(spec, config);
    }
  }

  /** {@code hrnet18s}: RITM's HRNet18s IT-M backbone. */
  public static final class Hrnet18s extends Base {
    public Hrnet18s() {
      super("hrnet18s", new HighResolutionNet.Spec(18, 48, true));
    }
  }

  /** {@code hrnet18}: RITM's HRNet18 IT-M backbone. */
  public static final class Hrnet18 extends Base {
    public Hrnet18() {
      super("hrnet18", new HighResolutionNet.Spec(18, 64, false));
    }
  }

  /** {@code hrnet32}: RITM's HRNet32 IT-M backbone. */
  public static final class Hrnet32 extends Base {
    public Hrnet32() {
      super("hrnet32", new HighResolutionNet.Spec(32, 128, false));
    }
  }
}
