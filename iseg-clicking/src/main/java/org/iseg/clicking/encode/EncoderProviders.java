package org.iseg.clicking.encode;

import org.iseg.api.ClickEncoder;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.api.spi.ClickEncoderProvider;
import org.iseg.clicking.encode.ClickMapEncoder.Kind;

/**
 * The click encoders of this module, listed in {@code META-INF/services/org.iseg.api.spi.ClickEncoderProvider}:
 * {@code disks}, {@code distance}, {@code gaussian} (all clicks) and {@code disks-last}, {@code distance-last},
 * {@code gaussian-last} (only the latest click).
 *
 * <pre>{@code
 * ClickEncoder encoder = ClickEncoderProvider.registry().get("disks").create(5);
 * }</pre>
 */
public final class EncoderProviders {
  private EncoderProviders() {}

  private abstract static class Base extends AbstractNamedProvider implements ClickEncoderProvider {
    private final Kind kind;
    private final boolean last;

    Base(Kind kind, boolean last) {
      super(kind.name().toLowerCase(java.util.Locale.ROOT) + (last ? "-last" : ""), description(kind, last));
      this.kind = kind;
      this.last = last;
    }

    private static String description(Kind kind, boolean last) {
      String what = switch (kind) {
        case DISKS -> "binary disks of the radius (RITM DistMaps use_disks=True)";
        case DISTANCE -> "tanh(2 d / radius) distance maps (RITM DistMaps)";
        case GAUSSIAN -> "gaussians of standard deviation radius";
      };
      return what + (last ? ", latest click only" : ", all clicks") + "; positive then negative channel";
    }

    @Override
    public ClickEncoder create(double radius) {
      ClickMapEncoder.Builder b = ClickMapEncoder.builder(kind, radius);
      return (last ? b.lastClicks(1) : b).build();
    }
  }

  public static final class Disks extends Base {
    public Disks() {
      super(Kind.DISKS, false);
    }
  }

  public static final class Distance extends Base {
    public Distance() {
      super(Kind.DISTANCE, false);
    }
  }

  public static final class Gaussian extends Base {
    public Gaussian() {
      super(Kind.GAUSSIAN, false);
    }
  }

  public static final class DisksLast extends Base {
    public DisksLast() {
      super(Kind.DISKS, true);
    }
  }

  public static final class DistanceLast extends Base {
    public DistanceLast() {
      super(Kind.DISTANCE, true);
    }
  }

  public static final class GaussianLast extends Base {
    public GaussianLast() {
      super(Kind.GAUSSIAN, true);
    }
  }
}
