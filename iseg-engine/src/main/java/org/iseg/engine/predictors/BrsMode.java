package org.iseg.engine.predictors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * RITM's predictor modes ({@code scripts/evaluate_model.py --mode}, {@code get_predictor}'s {@code brs_mode}).
 *
 * <pre>{@code
 * BrsMode mode = BrsMode.parse("f-BRS-B");
 * }</pre>
 */
public enum BrsMode {
  /** RITM's {@code BasePredictor}: no optimisation. */
  NO_BRS("NoBRS"),
  /** {@code InputBRSPredictor(optimize_target='rgb')}: a correction of the normalised image. */
  RGB_BRS("RGB-BRS"),
  /** {@code InputBRSPredictor(optimize_target='dmaps')}: a correction of the two click maps. */
  DISTMAP_BRS("DistMap-BRS"),
  /** f-BRS 'after_c4'; on HRNet RITM's insertion point 'A', the same as f-BRS-B. */
  F_BRS_A("f-BRS-A"),
  /** f-BRS 'after_aspp'; on HRNet RITM's insertion point 'A'. */
  F_BRS_B("f-BRS-B"),
  /** f-BRS 'after_deeplab'; on HRNet RITM's insertion point 'C' (after OCR, before {@code cls_head}). */
  F_BRS_C("f-BRS-C");

  private final String ritmName;

  BrsMode(String ritmName) {
    this.ritmName = ritmName;
  }

  /** The name RITM uses ({@code NoBRS}, {@code f-BRS-B}, ...). */
  public String ritmName() {
    return ritmName;
  }

  public boolean isFeatureBrs() {
    return this == F_BRS_A || this == F_BRS_B || this == F_BRS_C;
  }

  public boolean isInputBrs() {
    return this == RGB_BRS || this == DISTMAP_BRS;
  }

  /** RITM's {@code net_clicks_limit} for the mode: 8 for f-BRS, 5 for input BRS, none for NoBRS (0). */
  public int defaultNetClicksLimit() {
    return isFeatureBrs() ? 8 : isInputBrs() ? 5 : 0;
  }

  /**
   * The mode RITM names {@code name} (case ignored).
   *
   * @throws IllegalArgumentException for another name, listing the six
   */
  public static BrsMode parse(String name) {
    for (BrsMode mode : values()) {
      if (mode.ritmName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown BRS mode '" + name + "'; use one of "
        + Arrays.stream(values()).map(BrsMode::ritmName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return ritmName;
  }
}
