package org.iseg.models.external;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.IisModel;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * An {@link IisModel} over an exported network (ONNX or TorchScript) whose inputs and output are declared by an
 * {@link ExternalModelSpec}. Subclasses pick the engine: {@link OnnxIisModel}, {@link TorchScriptIisModel}.
 *
 * <p>State: when the spec feeds the previous prediction to the network, the state is a
 * {@link PreviousPrediction} and {@link #initialZ(Image, Mask)} starts from an external mask; otherwise the
 * state is still a {@code PreviousPrediction} (harmless) and a start mask is refused. For encoder/decoder pairs the
 * encoder runs once per image (the last image's outputs are cached, compared by identity) and every click only
 * runs the decoder.
 *
 * <p>Thread safety: calls are serialised (one predictor per network); use one model per thread for parallel
 * evaluation. {@link #close()} frees the native models.
 */
public abstract class ExternalIisModel implements IisModel {
  private final String name;
  private final ExternalModelSpec spec;
  private final ZooModel<IisInput, ProbabilityMap> decoder;
  private final Predictor<IisInput, ProbabilityMap> predictor;
  private final ZooModel<Image, NDList> encoder;
  private final Predictor<Image, NDList> encoderPredictor;
  private NDManager cacheManager;
  private Image cachedImage;
  private NDList cachedEmbedding;
  private int encoderRuns;
  private boolean closed;

  ExternalIisModel(String engine, Optional<Path> encoderFile, Path decoderFile, ExternalModelSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.name = decoderFile.getFileName().toString();
    if (spec.hasEncoder() != encoderFile.isPresent()) {
      throw new IllegalArgumentException(spec.hasEncoder()
          ? "spec declares encoder inputs; load it with loadEncoderDecoder(encoder, decoder, spec)"
          : "an encoder file was given but the spec declares no encoder inputs (addEncoderImage)");
    }
    requireFile(decoderFile);
    encoderFile.ifPresent(ExternalIisModel::requireFile);
    initEngine(engine);
    ZooModel<Image, NDList> enc = null;
    ZooModel<IisInput, ProbabilityMap> dec = null;
    try {
      if (encoderFile.isPresent()) {
        enc = load(engine, encoderFile.get(), Image.class, NDList.class, new EncoderTranslator(spec));
        cacheManager = enc.getNDManager().newSubManager();
      }
      IisTranslator translator = new IisTranslator(spec, this::embedding, name);
      dec = load(engine, decoderFile, IisInput.class, ProbabilityMap.class, translator);
    } catch (RuntimeException e) {
      if (enc != null) {
        enc.close();
      }
      throw e;
    }
    this.encoder = enc;
    this.encoderPredictor = enc == null ? null : enc.newPredictor();
    this.decoder = dec;
    this.predictor = dec.newPredictor();
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ExternalModelException("model file " + file + (Files.exists(file) ? " is not a regular file"
          : " does not exist") + "; pass an exported .onnx or TorchScript .pt file");
    }
  }

  /** DJL must create the engine before anything touches ONNX Runtime's environment (see docs/stack.md). */
  static void initEngine(String engine) {
    try {
      Engine.getEngine(engine);
    } catch (RuntimeException e) {
      throw new ExternalModelException("the DJL engine " + engine + " is not available: " + e.getMessage()
          + "; check that its jars (and native libraries) are on the class path", e);
    }
  }

  private static <I, O> ZooModel<I, O> load(String engine, Path file, Class<I> in, Class<O> out,
      Translator<I, O> translator) {
    Criteria<I, O> criteria = Criteria.builder()
        .setTypes(in, out)
        .optModelPath(file.toAbsolutePath())
        .optEngine(engine)
        .optTranslator(translator)
        .build();
    try {
      return criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      throw new ExternalModelException("cannot load " + engine + " model " + file + ": " + e.getMessage()
          + "; expected " + (engine.equals("OnnxRuntime") ? "an ONNX model (.onnx)" : "a TorchScript archive "
          + "(torch.jit.save)"), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The declared inputs and output. */
  public ExternalModelSpec spec() {
    return spec;
  }

  /** How often the encoder has run (once per distinct image for encoder/decoder pairs; 0 otherwise). */
  public synchronized int encoderRuns() {
    return encoderRuns;
  }

  @Override
  public synchronized Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    if (closed) {
      throw new IllegalStateException("model " + name + " is closed");
    }
    Optional<ProbabilityMap> previous = Optional.empty();
    if (z instanceof PreviousPrediction p) {
      previous = Optional.of(p.probabilities());
    } else if (z != State.NONE) {
      throw new IllegalArgumentException("model " + name + " expects a PreviousPrediction state (from initialZ or "
          + "its last prediction), got " + z);
    }
    IisInput input = new IisInput(x, pcs, ncs, previous);
    ProbabilityMap y;
    try {
      y = predictor.predict(input);
    } catch (TranslateException e) {
      throw new ExternalModelException("model " + name + " failed on a " + x.height() + "x" + x.width()
          + " image with " + pcs.size() + " positive and " + ncs.size() + " negative clicks: " + e.getMessage(), e);
    }
    return new Prediction(y, new PreviousPrediction(y));
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    if (!spec.usesPreviousMask()) {
      return IisModel.super.initialZ(x, startMask);
    }
    return new PreviousPrediction(ProbabilityMap.fromMask(startMask));
  }

  /** The encoder outputs for {@code image}, computed once per image. */
  private synchronized NDList embedding(Image image) {
    if (image != cachedImage) {
      cacheManager.close();
      cacheManager = encoder.getNDManager().newSubManager();
      try {
        cachedEmbedding = encoderPredictor.predict(image);
      } catch (TranslateException e) {
        throw new ExternalModelException("encoder of " + name + " failed on a " + image.height() + "x"
            + image.width() + " image: " + e.getMessage(), e);
      }
      cachedImage = image;
      encoderRuns++;
    }
    return cachedEmbedding;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    predictor.close();
    decoder.close();
    if (encoder != null) {
      cacheManager.close();
      encoderPredictor.close();
      encoder.close();
    }
  }

  /** Image → encoder inputs; keeps the outputs alive in the model's cache manager. */
  private final class EncoderTranslator implements Translator<Image, NDList> {
    private final ExternalModelSpec spec;

    EncoderTranslator(ExternalModelSpec spec) {
      this.spec = spec;
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image image) {
      NDList list = new NDList();
      for (InputSpec in : spec.encoderInputs()) {
        InputSpec.Image im = (InputSpec.Image) in;
        var array = ctx.getNDManager().create(ClickTensors.image(image, im.normalization(), Optional.empty()),
            new Shape(1, 3, image.height(), image.width()));
        array.setName(in.name());
        list.add(array);
      }
      return list;
    }

    @Override
    public NDList processOutput(TranslatorContext ctx, NDList list) {
      list.attach(cacheManager); // outlive this call: the decoder reuses them for every click on this image
      return list;
    }
  }
}
