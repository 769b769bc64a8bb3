package org.iseg.models.external;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
  ExternalModelProvider(String name, String format) {
    super(name, "exported " + format + " network (options: file, [encoder], layout=ritm or inputs=..., output, "
        + "outputType)");
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
    return open(encoder, Path.of(file), spec);
  }

  abstract IisModel open(Optional<Path> encoder, Path file, ExternalModelSpec spec);

  /** {@code onnx}: an ONNX network (or encoder/decoder pair) run by ONNX Runtime. */
  public static final class Onnx extends ExternalModelProvider {
    public Onnx() {
      super("onnx", "ONNX");
    }

    @Override
    IisModel open(Optional<Path> encoder, Path file, ExternalModelSpec spec) {
      return encoder.isPresent() ? OnnxIisModel.loadEncoderDecoder(encoder.get(), file, spec)
          : OnnxIisModel.load(file, spec);
    }
  }

  /** {@code torchscript}: a TorchScript network (or encoder/decoder pair) run by libtorch. */
  public static final class TorchScript extends ExternalModelProvider {
    public TorchScript() {
      super("torchscript", "TorchScript");
    }

    @Override
    IisModel open(Optional<Path> encoder, Path file, ExternalModelSpec spec) {
      return encoder.isPresent() ? TorchScriptIisModel.loadEncoderDecoder(encoder.get(), file, spec)
          : TorchScriptIisModel.load(file, spec);
    }
  }
}
