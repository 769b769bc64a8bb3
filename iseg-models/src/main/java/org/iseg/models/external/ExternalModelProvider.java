package org.iseg.models.external;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.iseg.api.IisModel;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.api.spi.IisModelProvider;

/**
 * The {@code onnx} and {@code torchscript} entries of the model registry, so command lines can name an exported
 * network:
 *
 * <pre>{@code
 * IisModel model = IisModelProvider.registry().get("onnx").create(Map.of(
 *     "file", "ritm_h18s.onnx", "layout", "ritm"));
 * IisModel sam = IisModelProvider.registry().get("onnx").create(Map.of(
 *     "encoder", "enc.onnx", "file", "dec.onnx", "encoderImage", "image",
 *     "inputs", "embedding=embedding:0,points=points"));
 * }</pre>
 *
 * <p>Options: {@code file} (the network, or the decoder), optional {@code encoder}, and the spec arguments of
 * {@link ExternalModelSpec#fromArguments}.
 */
public abstract class ExternalModelProvider extends AbstractNamedProvider implements IisModelProvider {
  /** How an engine's model class loads an encoder (run once per image) and a decoder (run per click). */
  interface EncoderDecoderLoader {
    IisModel load(Path encoder, Path decoder, ExternalModelSpec spec);
  }

  private final BiFunction<Path, ExternalModelSpec, IisModel> load;
  private final EncoderDecoderLoader loadEncoderDecoder;

  ExternalModelProvider(String name, String format, BiFunction<Path, ExternalModelSpec, IisModel> load,
      EncoderDecoderLoader loadEncoderDecoder) {
    super(name, "exported " + format + " network (options: file, [encoder], layout=ritm or inputs=..., output, "
        + "outputType)");
    this.load = load;
    this.loadEncoderDecoder = loadEncoderDecoder;
  }

  @Override
  public IisModel create(Map<String, String> options) {
    String file = options.get("file");
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("model '" + name() + "' needs option file=PATH (the exported network)");
    }
    Map<String, String> arguments = new HashMap<>(options);
    arguments.remove("file");
    Optional<Path> encoder = Optional.ofNullable(arguments.remove("encoder")).map(Path::of);
    ExternalModelSpec spec = ExternalModelSpec.fromArguments(arguments);
    return encoder.isPresent() ? loadEncoderDecoder.load(encoder.get(), Path.of(file), spec)
        : load.apply(Path.of(file), spec);
  }

  /** {@code onnx}: an ONNX network (or encoder/decoder pair) run by ONNX Runtime. */
  public static final class Onnx extends ExternalModelProvider {
    public Onnx() {
      super("onnx", "ONNX", OnnxIisModel::load, OnnxIisModel::loadEncoderDecoder);
    }
  }

  /** {@code torchscript}: a TorchScript network (or encoder/decoder pair) run by libtorch. */
  public static final class TorchScript extends ExternalModelProvider {
    public TorchScript() {
      super("torchscript", "TorchScript", TorchScriptIisModel::load, TorchScriptIisModel::loadEncoderDecoder);
    }
  }
}
