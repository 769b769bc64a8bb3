package org.iseg.models.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iseg.models.checkpoint.TorchFiles;

/**
 * TorchScript archives written without PyTorch: what {@code torch.jit.save} produces for a parameter-less module —
 * {@code data.pkl} (the module object: GLOBAL {@code __torch__.<Class>}, NEWOBJ, its attributes, BUILD),
 * {@code code/__torch__.py} (the class in TorchScript's serialized Python subset), {@code constants.pkl} (an empty
 * tuple) and {@code version}.
 */
final class TorchScriptFixtures {
  private TorchScriptFixtures() {}

  static Path module(Path file, String className, String forwardSource) throws IOException {
    String top = "archive/";
    ByteArrayBuilder pkl = new ByteArrayBuilder();
    pkl.bytes(0x80, 2).bytes('c').ascii("__torch__\n" + className + "\n").bytes(')', 0x81, '}', '(')
        .str("training").bytes(0x88, 'u', 'b', '.');
    String code = "class " + className + "(Module):\n"
        + "  __parameters__ = []\n"
        + "  __buffers__ = []\n"
        + "  training : bool\n"
        + forwardSource;
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(top + "data.pkl", pkl.toBytes());
    entries.put(top + "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
    entries.put(top + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
    entries.put(top + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
    // A TorchScript archive is a zip like torch.save's.
    return TorchFiles.writeZip(file, entries);
  }

  /** forward(image [1,4,H,W], clicks [1,2,H,W]) = 10 (pos - neg) + 2 R + 4 prev - 2, as [1,1,H,W] logits. */
  static Path clickMapModel(Path file) throws IOException {
    return module(file, "ClickMapNet",
        "  def forward(self: __torch__.ClickMapNet,\n"
        + "    image: Tensor,\n"
        + "    clicks: Tensor) -> Tensor:\n"
        + "    pos = torch.select(clicks, 1, 0)\n"
        + "    neg = torch.select(clicks, 1, 1)\n"
        + "    red = torch.select(image, 1, 0)\n"
        + "    prev = torch.select(image, 1, 3)\n"
        + "    logits = torch.sub(torch.add(torch.mul(torch.sub(pos, neg), 10.), torch.add(torch.mul(red, 2.), "
        + "torch.mul(prev, 4.))), 2.)\n"
        + "    return torch.unsqueeze(logits, 1)\n");
  }

  /** encoder: forward(image [1,3,H,W]) = R + G + B as [1,1,H,W]. */
  static Path encoder(Path file) throws IOException {
    return module(file, "Encoder",
        "  def forward(self: __torch__.Encoder,\n"
        + "    image: Tensor) -> Tensor:\n"
        + "    return torch.sum(image, [1], True)\n");
  }

  /** decoder: forward(embedding [1,1,H,W], clicks [1,2,H,W]) = 10 (pos - neg) + 3 embedding - 1. */
  static Path decoder(Path file) throws IOException {
    return module(file, "Decoder",
        "  def forward(self: __torch__.Decoder,\n"
        + "    embedding: Tensor,\n"
        + "    clicks: Tensor) -> Tensor:\n"
        + "    diff = torch.sub(torch.select(clicks, 1, 0), torch.select(clicks, 1, 1))\n"
        + "    logits = torch.add(torch.mul(torch.unsqueeze(diff, 1), 10.), torch.sub(torch.mul(embedding, 3.), 1.))\n"
        + "    return logits\n");
  }

  private static final class ByteArrayBuilder {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    ByteArrayBuilder bytes(int... values) {
      for (int v : values) {
        out.write(v);
      }
      return this;
    }

    ByteArrayBuilder ascii(String s) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      out.write(b, 0, b.length);
      return this;
    }

    ByteArrayBuilder str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write('X');
      out.write(b.length & 0xff);
      out.write((b.length >> 8) & 0xff);
      out.write((b.length >> 16) & 0xff);
      out.write((b.length >> 24) & 0xff);
      out.write(b, 0, b.length);
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
