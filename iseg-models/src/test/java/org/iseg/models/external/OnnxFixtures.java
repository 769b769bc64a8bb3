package org.iseg.models.external;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** ONNX models with known formulas, written as protobuf bytes by the tests (also the CLI's, via the test-jar). */
public final class OnnxFixtures {
  private OnnxFixtures() {}

  /**
   * inputs image [1,4,H,W] (RGB + previous mask), clicks [1,2,H,W]; outputs
   * {@code logits = 10 (pos - neg) + 2 R + 4 prev - 2} and {@code probs = sigmoid(logits)}.
   */
  public static Path clickMapModel(Path file) throws IOException {
    Proto graph = new Proto()
        .message(1, Proto.node("Conv", new String[] {"clicks", "wc"}, "a"))
        .message(1, Proto.node("Conv", new String[] {"image", "wi", "bi"}, "b"))
        .message(1, Proto.node("Add", new String[] {"a", "b"}, "logits"))
        .message(1, Proto.node("Sigmoid", new String[] {"logits"}, "probs"))
        .string(2, "clickmaps")
        .message(5, Proto.initializer("wc", new long[] {1, 2, 1, 1}, 10, -10))
        .message(5, Proto.initializer("wi", new long[] {1, 4, 1, 1}, 2, 0, 0, 4))
        .message(5, Proto.initializer("bi", new long[] {1}, -2))
        .message(11, Proto.valueInfo("image", 1, 4, -1, -1))
        .message(11, Proto.valueInfo("clicks", 1, 2, -1, -1))
        .message(12, Proto.valueInfo("logits", 1, 1, -1, -1))
        .message(12, Proto.valueInfo("probs", 1, 1, -1, -1));
    return Files.write(file, Proto.model(graph));
  }

  /** inputs image [1,4,H,W], points [1,P,3]; output [1,1,1] = 0.001 * sum(points) (logits, one value). */
  static Path pointsModel(Path file) throws IOException {
    Proto graph = new Proto()
        .message(1, Proto.node("ReduceSum", new String[] {"points"}, "s"))
        .message(1, Proto.node("Mul", new String[] {"s", "k"}, "out"))
        .string(2, "points")
        .message(5, Proto.initializer("k", new long[] {}, 0.001f))
        .message(11, Proto.valueInfo("image", 1, 4, -1, -1))
        .message(11, Proto.valueInfo("points", 1, -1, 3))
        .message(12, Proto.valueInfo("out", 1, 1, 1));
    return Files.write(file, Proto.model(graph));
  }

  /** encoder: image [1,3,H,W] → embedding [1,1,H,W] = R + G + B (each in [0,1]). */
  static Path encoder(Path file) throws IOException {
    Proto graph = new Proto()
        .message(1, Proto.node("Conv", new String[] {"image", "w"}, "embedding"))
        .string(2, "encoder")
        .message(5, Proto.initializer("w", new long[] {1, 3, 1, 1}, 1, 1, 1))
        .message(11, Proto.valueInfo("image", 1, 3, -1, -1))
        .message(12, Proto.valueInfo("embedding", 1, 1, -1, -1));
    return Files.write(file, Proto.model(graph));
  }

  /** decoder: embedding [1,1,H,W], clicks [1,2,H,W] → logits = 10 (pos - neg) + 3 embedding - 1. */
  static Path decoder(Path file) throws IOException {
    Proto graph = new Proto()
        .message(1, Proto.node("Conv", new String[] {"clicks", "wc"}, "a"))
        .message(1, Proto.node("Conv", new String[] {"embedding", "we", "be"}, "b"))
        .message(1, Proto.node("Add", new String[] {"a", "b"}, "logits"))
        .string(2, "decoder")
        .message(5, Proto.initializer("wc", new long[] {1, 2, 1, 1}, 10, -10))
        .message(5, Proto.initializer("we", new long[] {1, 1, 1, 1}, 3))
        .message(5, Proto.initializer("be", new long[] {1}, -1))
        .message(11, Proto.valueInfo("embedding", 1, 1, -1, -1))
        .message(11, Proto.valueInfo("clicks", 1, 2, -1, -1))
        .message(12, Proto.valueInfo("logits", 1, 1, -1, -1));
    return Files.write(file, Proto.model(graph));
  }
}
