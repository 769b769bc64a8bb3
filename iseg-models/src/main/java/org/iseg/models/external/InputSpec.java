package org.iseg.models.external;

import java.util.Objects;
import org.iseg.api.Normalization;

/**
 * One input of an exported network and how iseg fills it. Inputs are passed in the declared order (TorchScript
 * takes them positionally); for ONNX the name must match the graph's input name.
 */
public sealed interface InputSpec {
  /** The input's name (ONNX input name; informative for TorchScript). */
  String name();

  /**
   * The image as {@code 1 x C x H x W} float32: RGB scaled to [0, 1], then {@code (v - mean[c]) / std[c]}; with
   * {@code withPreviousMask} the previous prediction is appended as a fourth channel (RITM's ITER-M input).
   */
  record Image(String name, Normalization normalization, boolean withPreviousMask) implements InputSpec {
    public Image {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(normalization, "normalization");
    }

    /** The per-channel mean subtracted after scaling to [0, 1]. */
    public float[] mean() {
      return normalization.mean();
    }

    /** The per-channel divisor. */
    public float[] std() {
      return normalization.std();
    }
  }

  /**
   * Click maps {@code 1 x 2 x H x W} (channel 0 positive, channel 1 negative) made by the tensor click encoder
   * registered as {@code encoder} ({@code TensorClickEncoderProvider}), e.g. {@code ritm-disks}: 1 where
   * {@code (row - r)^2 + (col - c)^2 <= radius^2} for a click (r, c) of that sign (RITM's DistMaps with use_disks).
   */
  record ClickMaps(String name, String encoder, int radius) implements InputSpec {
    public ClickMaps {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(encoder, "encoder");
      if (radius < 1) {
        throw new IllegalArgumentException("click map input '" + name + "': radius must be >= 1, got " + radius);
      }
    }
  }

  /**
   * RITM's point list {@code 1 x 2N x 3}: N = max(1, #positives, #negatives); rows {@code (row, col, click index)},
   * first the N positive rows, then the N negative rows, missing ones padded with {@code (-1, -1, -1)}.
   */
  record Points(String name) implements InputSpec {
    public Points {
      Objects.requireNonNull(name, "name");
    }
  }

  /** The previous prediction as a separate {@code 1 x 1 x H x W} input (zeros before the first click). */
  record PreviousMask(String name) implements InputSpec {
    public PreviousMask {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Output number {@code encoderOutput} of the image encoder (computed once per image), for a decoder network. */
  record Embedding(String name, int encoderOutput) implements InputSpec {
    public Embedding {
      Objects.requireNonNull(name, "name");
      if (encoderOutput < 0) {
        throw new IllegalArgumentException("embedding input '" + name + "': encoder output index must be >= 0");
      }
    }
  }
}
