package org.iseg.engine.training.mask2former;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How EasyCV trains a Mask2Former, read from an export's {@code meta.config} (the same keys
 * {@code easycv/apis/train.py} reads): AdamW with {@code optimizer.paramwise_options} (regular expressions searched
 * in parameter names; {@code *_mult} multiplies the base value, other keys replace it, later matches win),
 * {@code optimizer_config.grad_clip} (global L2 norm), {@code lr_config} (mmcv's {@code step} or {@code poly}
 * policy per iteration, linear warm-up), {@code model.train_cfg} (the criterion) and the train pipeline's flip,
 * large-scale-jitter resize and crop.
 *
 * <pre>{@code
 * Mask2FormerTrainSettings s = Mask2FormerTrainSettings.fromConfig(TorchCheckpoint.read(export).config(), "export.pth");
 * s.lr(100, 1000, "backbone.conv1.weight");   // 1e-5: the backbone's 0.1 multiplier
 * }</pre>
 *
 * @param lr base learning rate
 * @param weightDecay base weight decay (AdamW, decoupled)
 * @param eps AdamW's epsilon
 * @param beta1 AdamW's first beta
 * @param beta2 AdamW's second beta
 * @param paramwise the {@code paramwise_options} rules, in config order
 * @param gradClipMaxNorm clip the gradients' global L2 norm to this; 0 = no clipping
 * @param policy {@code step} or {@code poly}
 * @param gamma the step policy's factor
 * @param steps the step policy's milestones (iterations)
 * @param power the poly policy's exponent
 * @param minLr the poly policy's final rate
 * @param warmupIters linear warm-up length in iterations (0 = none)
 * @param warmupRatio the warm-up's starting fraction of the rate
 * @param criterion the loss, from {@code train_cfg}
 * @param deepSupervision whether the auxiliary predictions are supervised too
 * @param trainBackboneNorm {@code backbone.norm_cfg.requires_grad}: whether the backbone's BatchNorm affine
 *     parameters train (EasyCV's configs freeze them)
 * @param flipRatio probability of a horizontal flip
 * @param scaleLong {@code MMResize.img_scale}'s longer side
 * @param scaleShort its shorter side
 * @param ratioMin {@code ratio_range} low end
 * @param ratioMax {@code ratio_range} high end
 * @param cropHeight the random crop's height (and the padded input's)
 * @param cropWidth its width
 */
public record Mask2FormerTrainSettings(double lr, double weightDecay, double eps, double beta1, double beta2,
    List<ParamRule> paramwise, double gradClipMaxNorm, String policy, double gamma, List<Long> steps, double power,
    double minLr, long warmupIters, double warmupRatio, Mask2FormerCriterion criterion, boolean deepSupervision,
    boolean trainBackboneNorm, double flipRatio, int scaleLong, int scaleShort, double ratioMin, double ratioMax,
    int cropHeight, int cropWidth) {

  public Mask2FormerTrainSettings {
    paramwise = List.copyOf(paramwise);
    steps = List.copyOf(steps);
  }

  /**
   * One {@code paramwise_options} entry.
   *
   * @param regex searched in parameter names ({@code re.search})
   * @param options e.g. {@code lr_mult}, {@code weight_decay}, {@code decay_mult}
   */
  public record ParamRule(String regex, Map<String, Double> options) {
    public ParamRule {
      options = Map.copyOf(options);
    }
  }

  /**
   * Reads the settings of an EasyCV Mask2Former config.
   *
   * @param source names the file in errors
   * @throws IllegalArgumentException naming {@code source} and the entry for an optimizer, schedule or pipeline this
   *     trainer does not implement
   */
  public static Mask2FormerTrainSettings fromConfig(Map<String, Object> cfg, String source) {
    Map<String, Object> opt = map(cfg, "optimizer", source);
    String type = String.valueOf(opt.getOrDefault("type", "AdamW"));
    if (!type.equals("AdamW")) {
      throw new IllegalArgumentException(source + ": optimizer.type is " + type + "; only AdamW (EasyCV's Mask2Former"
          + " configs) is implemented");
    }
    List<ParamRule> rules = new ArrayList<>();
    if (opt.get("paramwise_options") instanceof Map<?, ?> pw) {
      for (Map.Entry<?, ?> e : pw.entrySet()) {
        Map<String, Double> o = new java.util.LinkedHashMap<>();
        if (e.getValue() instanceof Map<?, ?> values) {
          values.forEach((k, v) -> o.put(String.valueOf(k), ((Number) v).doubleValue()));
        }
        rules.add(new ParamRule(String.valueOf(e.getKey()), o));
      }
    }
    List<?> betas = opt.get("betas") instanceof List<?> b ? b : List.of(0.9, 0.999);
    double clip = 0;
    if (cfg.get("optimizer_config") instanceof Map<?, ?> oc && oc.get("grad_clip") instanceof Map<?, ?> gc) {
      Object norm = gc.get("norm_type");
      if (norm instanceof Number n && n.doubleValue() != 2) {
        throw new IllegalArgumentException(source + ": optimizer_config.grad_clip.norm_type " + n + "; only 2 is "
            + "implemented");
      }
      clip = number(gc.get("max_norm"), 0);
    }
    Map<String, Object> lrc = map(cfg, "lr_config", source);
    String policy = String.valueOf(lrc.getOrDefault("policy", "step")).toLowerCase(Locale.ROOT);
    if (!policy.equals("step") && !policy.equals("poly")) {
      throw new IllegalArgumentException(source + ": lr_config.policy " + policy + "; step and poly are implemented");
    }
    if (Boolean.TRUE.equals(lrc.get("by_epoch"))) {
      throw new IllegalArgumentException(source + ": lr_config.by_epoch is True; only per-iteration schedules "
          + "(by_epoch=False, as EasyCV's Mask2Former configs) are implemented");
    }
    List<Long> steps = new ArrayList<>();
    if (lrc.get("step") instanceof List<?> l) {
      l.forEach(v -> steps.add(((Number) v).longValue()));
    } else if (lrc.get("step") instanceof Number n) {
      steps.add(n.longValue());
    }
    boolean warm = lrc.get("warmup") instanceof String w && !w.isEmpty();
    if (warm && !"linear".equals(lrc.get("warmup"))) {
      throw new IllegalArgumentException(source + ": lr_config.warmup " + lrc.get("warmup") + "; only linear is "
          + "implemented");
    }
    Map<String, Object> model = map(cfg, "model", source);
    Map<String, Object> train = model.get("train_cfg") instanceof Map<?, ?> t ? cast(t) : Map.of();
    Map<String, Object> head = model.get("head") instanceof Map<?, ?> h ? cast(h) : Map.of();
    int numClasses = (int) (number(head.get("num_things_classes"), 80) + number(head.get("num_stuff_classes"), 53));
    double cw = number(train.get("class_weight"), 2.0);
    double mw = number(train.get("mask_weight"), 5.0);
    double dw = number(train.get("dice_weight"), 5.0);
    int points = (int) number(train.get("num_points"), 12544);
    Mask2FormerCriterion criterion = new Mask2FormerCriterion(numClasses, new MaskHungarianMatcher(cw, mw, dw, points),
        number(train.get("no_object_weight"), 0.1), points, number(train.get("oversample_ratio"), 3.0),
        number(train.get("importance_sample_ratio"), 0.75), cw, mw, dw);
    boolean deep = !Boolean.FALSE.equals(train.get("deep_supervision"));
    boolean trainNorm = true;
    if (model.get("backbone") instanceof Map<?, ?> bb && bb.get("norm_cfg") instanceof Map<?, ?> nc
        && Boolean.FALSE.equals(nc.get("requires_grad"))) {
      trainNorm = false;
    }
    double flip = 0;
    int scaleLong = 1024;
    int scaleShort = 1024;
    double rMin = 1;
    double rMax = 1;
    int cropH = -1;
    int cropW = -1;
    if (cfg.get("train_pipeline") instanceof List<?> pipeline) {
      for (Object o : pipeline) {
        if (!(o instanceof Map<?, ?> step)) {
          continue;
        }
        String t = String.valueOf(step.get("type"));
        switch (t) {
          case "MMRandomFlip" -> flip = number(step.get("flip_ratio"), 0.5);
          case "MMResize" -> {
            List<?> s = list(step.get("img_scale"), source, "MMResize.img_scale");
            scaleLong = (int) Math.max(number(s.get(0), 0), number(s.get(1), 0));
            scaleShort = (int) Math.min(number(s.get(0), 0), number(s.get(1), 0));
            if (step.get("ratio_range") instanceof List<?> r) {
              rMin = number(r.get(0), 1);
              rMax = number(r.get(1), 1);
            }
          }
          case "MMRandomCrop", "SegRandomCrop" -> {
            List<?> c = list(step.get("crop_size"), source, t + ".crop_size");
            cropH = (int) number(c.get(0), 0);
            cropW = (int) number(c.get(1), 0);
          }
          default -> { }
        }
      }
    }
    if (cropH <= 0) {
      throw new IllegalArgumentException(source + ": train_pipeline has no MMRandomCrop crop_size; the trainer needs "
          + "one (it sets the input size)");
    }
    return new Mask2FormerTrainSettings(number(opt.get("lr"), 1e-4), number(opt.get("weight_decay"), 0),
        number(opt.get("eps"), 1e-8), number(betas.get(0), 0.9), number(betas.get(1), 0.999), rules, clip, policy,
        number(lrc.get("gamma"), 0.1), steps, number(lrc.get("power"), 1.0), number(lrc.get("min_lr"), 0),
        warm ? (long) number(lrc.get("warmup_iters"), 0) : 0, number(lrc.get("warmup_ratio"), 0.1), criterion, deep,
        trainNorm, flip, scaleLong, scaleShort, rMin, rMax, cropH, cropW);
  }

  /**
   * These settings with a square crop of {@code size}; the jitter's resize scale stays the config's, so objects keep
   * the sizes the test pipeline shows them at (a smaller crop sees less of each image).
   */
  public Mask2FormerTrainSettings withCrop(int size) {
    return new Mask2FormerTrainSettings(lr, weightDecay, eps, beta1, beta2, paramwise, gradClipMaxNorm, policy, gamma,
        steps, power, minLr, warmupIters, warmupRatio, criterion, deepSupervision, trainBackboneNorm, flipRatio,
        scaleLong, scaleShort, ratioMin, ratioMax, size, size);
  }

  /** These settings with another base rate (the multipliers stay). */
  public Mask2FormerTrainSettings withLr(double newLr) {
    return new Mask2FormerTrainSettings(newLr, weightDecay, eps, beta1, beta2, paramwise, gradClipMaxNorm, policy,
        gamma, steps, power, minLr, warmupIters, warmupRatio, criterion, deepSupervision, trainBackboneNorm, flipRatio,
        scaleLong, scaleShort, ratioMin, ratioMax, cropHeight, cropWidth);
  }

  /** These settings with another number of points per mask in the matcher and the mask losses. */
  public Mask2FormerTrainSettings withNumPoints(int points) {
    Mask2FormerCriterion c = criterion;
    MaskHungarianMatcher m = c.matcher();
    Mask2FormerCriterion nc = new Mask2FormerCriterion(c.numClasses(), new MaskHungarianMatcher(m.costClass(),
        m.costMask(), m.costDice(), points), c.eosCoef(), points, c.oversampleRatio(), c.importanceSampleRatio(),
        c.weightClass(), c.weightMask(), c.weightDice());
    return new Mask2FormerTrainSettings(lr, weightDecay, eps, beta1, beta2, paramwise, gradClipMaxNorm, policy, gamma,
        steps, power, minLr, warmupIters, warmupRatio, nc, deepSupervision, trainBackboneNorm, flipRatio, scaleLong,
        scaleShort, ratioMin, ratioMax, cropHeight, cropWidth);
  }

  /** The parameter's base rate: {@code lr}, {@code lr × lr_mult} or its rule's {@code lr}. */
  public double baseLr(String name) {
    return byRules(name, lr, "lr", "lr_mult");
  }

  /** The parameter's weight decay: {@code weight_decay}, its rule's, or {@code weight_decay × decay_mult}. */
  public double weightDecay(String name) {
    return byRules(name, weightDecay, "weight_decay", "weight_decay_mult", "decay_mult");
  }

  /**
   * {@code base}, overridden by every paramwise rule whose regex finds {@code name}, in order: by its option
   * {@code absolute}, then by {@code base} times each of its options {@code multipliers} (the last one set wins).
   */
  private double byRules(String name, double base, String absolute, String... multipliers) {
    double v = base;
    for (ParamRule r : paramwise) {
      if (Pattern.compile(r.regex()).matcher(name).find()) {
        if (r.options().containsKey(absolute)) {
          v = r.options().get(absolute);
        }
        for (String multiplier : multipliers) {
          if (r.options().containsKey(multiplier)) {
            v = base * r.options().get(multiplier);
          }
        }
      }
    }
    return v;
  }

  /**
   * mmcv's schedule factor at iteration {@code iter} (0-based, before the update) of {@code maxIters}: the policy's
   * rate divided by the base rate, times the linear warm-up's factor. Per parameter the rate is
   * {@code baseLr(name) × factor} ({@code poly}'s {@code min_lr} is applied to the base rate, as for a single group).
   */
  public double factor(long iter, long maxIters) {
    double regular;
    if (policy.equals("poly")) {
      double coeff = Math.pow(1 - (double) iter / Math.max(1, maxIters), power);
      regular = ((lr - minLr) * coeff + minLr) / lr;
    } else {
      int passed = 0;
      for (long s : steps) {
        if (iter >= s) {
          passed++;
        }
      }
      regular = Math.pow(gamma, passed);
    }
    if (warmupIters > 0 && iter < warmupIters) {
      double k = (1 - (double) iter / warmupIters) * (1 - warmupRatio);
      regular *= 1 - k;
    }
    return regular;
  }

  /** The settings a resumed run must keep, as text. */
  public Map<String, String> describe() {
    Map<String, String> m = new java.util.TreeMap<>();
    m.put("lr", Double.toString(lr));
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("gradClip", Double.toString(gradClipMaxNorm));
    m.put("policy", policy + " gamma=" + gamma + " steps=" + steps + " power=" + power + " minLr=" + minLr
        + " warmup=" + warmupIters + "x" + warmupRatio);
    m.put("paramwise", paramwise.toString());
    m.put("criterion", criterion.toString());
    m.put("pipeline", "flip=" + flipRatio + " scale=" + scaleLong + "x" + scaleShort + " ratio=" + ratioMin + ".."
        + ratioMax + " crop=" + cropHeight + "x" + cropWidth);
    return m;
  }

  private static Map<String, Object> map(Map<String, Object> cfg, String key, String source) {
    if (!(cfg.get(key) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(source + ": the config has no '" + key + "' section; training needs the "
          + "full EasyCV config (an export of tools/export.py keeps it)");
    }
    return cast(m);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static List<?> list(Object o, String source, String what) {
    if (o instanceof List<?> l && l.size() == 2) {
      return l;
    }
    throw new IllegalArgumentException(source + ": " + what + " must be a pair, got " + o);
  }

  private static double number(Object o, double fallback) {
    return o instanceof Number n ? n.doubleValue() : fallback;
  }
}
