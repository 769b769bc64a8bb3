package org.iseg.models.external;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.iseg.api.Image;
import org.iseg.api.ProbabilityMap;
import org.iseg.models.fusion.TensorClickEncoder;
import org.iseg.models.fusion.TensorClickEncoderProvider;

/**
 * The one seam between iseg's values and an exported network's tensors: {@link IisInput} → the inputs an
 * {@link ExternalModelSpec} declares, and the declared output → {@link ProbabilityMap}.
 *
 * <pre>{@code
 * Criteria<IisInput, ProbabilityMap> criteria = Criteria.builder()
 *     .setTypes(IisInput.class, ProbabilityMap.class)
 *     .optModelPath(Path.of("ritm_h18s.onnx")).optEngine("OnnxRuntime")
 *     .optTranslator(new IisTranslator(ExternalModelSpec.ritm()))
 *     .build();
 * }</pre>
 *
 * <p>For encoder/decoder specs use {@link OnnxIisModel#loadEncoderDecoder} (or the TorchScript one), which
 * supplies the cached embedding; this public constructor accepts single-network specs only.
 */
public final class IisTranslator implements Translator<IisInput, ProbabilityMap> {
  private final ExternalModelSpec spec;
  private final Function<Image, NDList> embeddings;
  private final String modelName;

  /** A translator for a single network described by {@code spec}. */
  public IisTranslator(ExternalModelSpec spec) {
    this(spec, null, "external model");
    if (spec.hasEncoder()) {
      throw new IllegalArgumentException("spec declares an encoder; load encoder/decoder pairs with "
          + "OnnxIisModel.loadEncoderDecoder or TorchScriptIisModel.loadEncoderDecoder");
    }
  }

  IisTranslator(ExternalModelSpec spec, Function<Image, NDList> embeddings, String modelName) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.embeddings = embeddings;
    this.modelName = modelName;
  }

  public ExternalModelSpec spec() {
    return spec;
  }

  @Override
  public Batchifier getBatchifier() {
    return null; // inputs already carry their batch dimension of 1
  }

  @Override
  public NDList processInput(TranslatorContext ctx, IisInput input) {
    ctx.setAttachment("input", input);
    NDManager manager = ctx.getNDManager();
    Image image = input.image();
    int h = image.height();
    int w = image.width();
    ProbabilityMap previous = input.previous().orElseGet(() -> ProbabilityMap.zeros(h, w));
    NDList list = new NDList(spec.inputs().size());
    NDList embedding = null;
    for (InputSpec in : spec.inputs()) {
      NDArray array;
      if (in instanceof InputSpec.Image im) {
        float[] values = ClickTensors.image(image, im.normalization(),
            im.withPreviousMask() ? Optional.of(previous) : Optional.empty());
        array = manager.create(values, new Shape(1, im.withPreviousMask() ? 4 : 3, h, w));
      } else if (in instanceof InputSpec.ClickMaps maps) {
        // through the encoder's list form: the maps are computed on PyTorch whatever engine runs the model
        float[] values = TensorClickEncoderProvider.create(maps.encoder(), maps.radius(), 1)
            .encode(input.positives(), input.negatives(), h, w).values();
        array = manager.create(values, new Shape(1, 2, h, w));
      } else if (in instanceof InputSpec.Points) {
        int n = TensorClickEncoder.pointsPerSign(input.positives(), input.negatives());
        array = manager.create(TensorClickEncoder.points(input.positives(), input.negatives()), new Shape(1, 2L * n, 3));
      } else if (in instanceof InputSpec.PreviousMask) {
        array = manager.create(previous.toArray(), new Shape(1, 1, h, w));
      } else if (in instanceof InputSpec.Embedding e) {
        if (embeddings == null) {
          throw new IllegalStateException("input '" + e.name() + "' needs an encoder output but no encoder is loaded");
        }
        if (embedding == null) {
          embedding = embeddings.apply(image);
        }
        if (e.encoderOutput() >= embedding.size()) {
          throw new IllegalStateException(modelName + ": input '" + e.name() + "' takes encoder output "
              + e.encoderOutput() + " but the encoder has " + embedding.size() + " outputs");
        }
        array = embedding.get(e.encoderOutput());
      } else {
        throw new AssertionError(in);
      }
      array.setName(in.name());
      list.add(array);
    }
    return list;
  }

  @Override
  public ProbabilityMap processOutput(TranslatorContext ctx, NDList list) {
    IisInput input = (IisInput) ctx.getAttachment("input");
    return toProbabilities(list, input == null ? -1 : input.image().height(),
        input == null ? -1 : input.image().width());
  }

  @Override
  public void prepare(TranslatorContext ctx) {}

  /** The declared output as probabilities at {@code height x width} (the output's own size if negative). */
  ProbabilityMap toProbabilities(NDList list, int height, int width) {
    OutputSpec out = spec.output();
    NDArray array = null;
    if (out.name().isPresent()) {
      for (NDArray a : list) {
        if (out.name().get().equals(a.getName())) {
          array = a;
        }
      }
      if (array == null) {
        List<String> names = new ArrayList<>();
        list.forEach(a -> names.add(a.getName()));
        throw new IllegalStateException(modelName + " has no output named '" + out.name().get() + "'; its outputs: "
            + names);
      }
    } else {
      if (out.index() >= list.size()) {
        throw new IllegalStateException(modelName + " returned " + list.size() + " outputs; the spec reads output "
            + out.index());
      }
      array = list.get(out.index());
    }
    long[] shape = array.getShape().getShape();
    if (shape.length < 2) {
      throw new IllegalStateException(modelName + ": output " + array.getName() + " has shape " + Arrays.toString(shape)
          + "; expected (..., height, width)");
    }
    int oh = (int) shape[shape.length - 2];
    int ow = (int) shape[shape.length - 1];
    long planes = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      planes *= shape[i];
    }
    if (out.channel() >= planes) {
      throw new IllegalStateException(modelName + ": output shape " + Arrays.toString(shape) + " has " + planes
          + " planes; the spec reads plane " + out.channel());
    }
    float[] all = array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    int plane = oh * ow;
    float[] values = Arrays.copyOfRange(all, out.channel() * plane, (out.channel() + 1) * plane);
    int th = height < 0 ? oh : height;
    int tw = width < 0 ? ow : width;
    // resize first, then squash: interpolating logits is what PyTorch predictors do
    values = ClickTensors.resizeBilinear(values, oh, ow, th, tw);
    if (out.logits()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (1.0 / (1.0 + Math.exp(-values[i])));
      }
    }
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (Float.isNaN(v)) {
        throw new IllegalStateException(modelName + " produced NaN at pixel " + i + " of output "
            + array.getName());
      }
      values[i] = Math.min(1f, Math.max(0f, v));
    }
    return ProbabilityMap.of(th, tw, values);
  }
}
