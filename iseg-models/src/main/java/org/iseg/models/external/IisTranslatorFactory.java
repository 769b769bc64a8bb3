package org.iseg.models.external;

import ai.djl.Model;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.iseg.api.Mask;
import org.iseg.api.ProbabilityMap;

/**
 * Lets DJL build the translator of an exported IIS network from arguments, so a plain {@code Criteria} yields a
 * predictor from {@link IisInput} to {@link ProbabilityMap} or {@link Mask}.
 *
 * <pre>{@code
 * Criteria<IisInput, Mask> criteria = Criteria.builder()
 *     .setTypes(IisInput.class, Mask.class)
 *     .optModelPath(Path.of("net.onnx")).optEngine("OnnxRuntime")
 *     .optTranslatorFactory(new IisTranslatorFactory())   // or optArgument("translatorFactory", IisTranslatorFactory.class.getName())
 *     .optArgument("inputs", "image=image+prev,clicks=disks:5")
 *     .optArgument("threshold", "0.49")
 *     .build();
 * try (ZooModel<IisInput, Mask> model = criteria.loadModel(); Predictor<IisInput, Mask> p = model.newPredictor()) {
 *   Mask mask = p.predict(IisInput.of(image, positives, negatives));
 * }
 * }</pre>
 *
 * <p>A model folder can describe itself: put the network ({@code <folder>/<folder>.onnx} or {@code .pt}) next to a
 * {@code serving.properties} with {@code engine=OnnxRuntime} and the arguments below ({@code inputs=...},
 * {@code output=...}); DJL merges them into the arguments, so {@code optModelPath(folder)} +
 * {@code optTranslatorFactory(new IisTranslatorFactory())} is all a caller needs.
 *
 * <p>Arguments: those of {@link ExternalModelSpec#fromArguments} (none of the interface ones when the model's block is
 * an {@link IisInputLayout}, as RITM checkpoints' are: the block's own interface applies), plus {@code threshold} for {@code Mask} output
 * (strictly greater is object, default 0.49 as in RITM's evaluation). Encoder/decoder pairs need two models and are
 * loaded with {@link OnnxIisModel#loadEncoderDecoder} instead.
 */
public final class IisTranslatorFactory implements TranslatorFactory {
  /** The arguments that describe a network's interface, fixed by an {@link IisInputLayout} block. */
  private static final Set<String> INTERFACE_ARGUMENTS =
      Set.of("layout", "inputs", "mean", "std", "encoderImage", "output", "outputType", "outputChannel");
  private static final Set<Pair<Type, Type>> SUPPORTED = Set.of(
      new Pair<>(IisInput.class, ProbabilityMap.class), new Pair<>(IisInput.class, Mask.class));

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return SUPPORTED;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
      throws TranslateException {
    if (!isSupported(input, output)) {
      throw new IllegalArgumentException("IisTranslatorFactory translates IisInput to ProbabilityMap or Mask, not "
          + input.getSimpleName() + " to " + output.getSimpleName());
    }
    ExternalModelSpec spec = ExternalModelSpec.fromArguments(withDeclaredInputs(model, arguments));
    if (spec.hasEncoder()) {
      throw new IllegalArgumentException("model " + model.getName() + ": encoder/decoder pairs cannot be loaded "
          + "through one Criteria; use OnnxIisModel.loadEncoderDecoder or TorchScriptIisModel.loadEncoderDecoder");
    }
    IisTranslator translator = new IisTranslator(spec, null, model.getName());
    if (output == ProbabilityMap.class) {
      return (Translator<I, O>) translator;
    }
    Object t = arguments.get("threshold");
    double threshold;
    try {
      threshold = t == null ? 0.49 : Double.parseDouble(t.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument 'threshold' is not a number: " + t, e);
    }
    return (Translator<I, O>) new MaskTranslator(translator, threshold);
  }

  /**
   * The arguments; for a block that declares its interface ({@link IisInputLayout}) its inputs replace whatever layout,
   * normalisation and output arguments came with them (the block normalises inside and returns logits).
   */
  private static Map<String, ?> withDeclaredInputs(Model model, Map<String, ?> arguments) {
    if (!(model.getBlock() instanceof IisInputLayout layout)) {
      return arguments;
    }
    Map<String, Object> merged = new HashMap<>(arguments);
    merged.keySet().removeAll(INTERFACE_ARGUMENTS);
    merged.put("inputs", layout.inputsArgument());
    return merged;
  }

  /** Probabilities thresholded into a mask. */
  private static final class MaskTranslator implements Translator<IisInput, Mask> {
    private final IisTranslator probabilities;
    private final double threshold;

    MaskTranslator(IisTranslator probabilities, double threshold) {
      this.probabilities = probabilities;
      this.threshold = threshold;
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }

    @Override
    public ai.djl.ndarray.NDList processInput(TranslatorContext ctx, IisInput input) {
      return probabilities.processInput(ctx, input);
    }

    @Override
    public Mask processOutput(TranslatorContext ctx, ai.djl.ndarray.NDList list) {
      return probabilities.processOutput(ctx, list).threshold(threshold);
    }
  }
}
