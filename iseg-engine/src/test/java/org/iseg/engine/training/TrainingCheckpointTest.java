package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.iseg.engine.training.optim.AdamOptimizer;
import org.iseg.models.compact.CompactIisNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
  private static NDManager manager() {
    return NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
  }

  private static CompactIisNet net(NDManager m, long seed) {
    Engine.getEngine("PyTorch").setRandomSeed((int) seed);
    CompactIisNet net = new CompactIisNet(CompactIisNet.Width.TINY);
    net.initialize(m, DataType.FLOAT32, net.inputShapes(1, 32, 32));
    return net;
  }

  private static List<float[]> weights(CompactIisNet net) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : net.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  @Test
  void roundTripRestoresWeightsHeaderAndTrainability(@TempDir Path dir) throws IOException {
    try (NDManager m = manager()) {
      CompactIisNet a = net(m, 1);
      Path file = dir.resolve("last.ckpt");
      TrainingCheckpoint.Header h = new TrainingCheckpoint.Header(3, 960, 120, 42.5, a.toString());
      TrainingCheckpoint.write(file, h, a, Optional.empty());
      CompactIisNet b = net(m, 2);
      TrainingCheckpoint.Header read = TrainingCheckpoint.read(file, b, Optional.of(new AdamOptimizer(0.9, 0.999,
          1e-8)), m);
      assertEquals(h, read);
      List<float[]> wa = weights(a);
      List<float[]> wb = weights(b);
      for (int i = 0; i < wa.size(); i++) {
        assertArrayEquals(wa.get(i), wb.get(i));
      }
      for (Pair<String, Parameter> p : b.getParameters()) {
        if (p.getValue().requiresGradient()) {
          assertTrue(p.getValue().getArray().hasGradient(), p.getKey() + " must stay trainable after loading");
        }
      }
    }
  }

  /** A network whose parameter writer dies half way, as a process killed during a save would. */
  private static final class DyingNet extends ai.djl.nn.SequentialBlock {
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
      os.write(new byte[1000]);
      throw new IOException("killed while writing");
    }
  }

  /** {@code dir/last.ckpt} after epoch 1 of {@code net(m, 1)}. */
  private static Path writeEpochOne(Path dir, NDManager m) throws IOException {
    Path file = dir.resolve("last.ckpt");
    TrainingCheckpoint.write(file, new TrainingCheckpoint.Header(1, 8, 1, 1, "a"), net(m, 1), Optional.empty());
    return file;
  }

  @Test
  void aFailedWriteLeavesThePreviousCheckpointIntactAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    try (NDManager m = manager()) {
      Path file = writeEpochOne(dir, m);
      byte[] before = Files.readAllBytes(file);
      assertThrows(IOException.class, () -> TrainingCheckpoint.write(file,
          new TrainingCheckpoint.Header(2, 16, 2, 2, "b"), new DyingNet(), Optional.empty()));
      assertArrayEquals(before, Files.readAllBytes(file));
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
      }
      assertEquals(1, TrainingCheckpoint.readHeader(file).epoch());
    }
  }

  @Test
  void truncatedAndForeignFilesAreRejectedWithTheFileName(@TempDir Path dir) throws IOException {
    try (NDManager m = manager()) {
      Path file = writeEpochOne(dir, m);
      byte[] all = Files.readAllBytes(file);
      Path cut = dir.resolve("cut.ckpt");
      Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainingCheckpoint.read(cut, net(m, 3), Optional.empty(), m));
      assertTrue(e.getMessage().contains("cut.ckpt") && e.getMessage().contains("truncated"), e.getMessage());
      Path foreign = dir.resolve("photo.jpg");
      Files.write(foreign, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
      e = assertThrows(IllegalArgumentException.class,
          () -> TrainingCheckpoint.read(foreign, net(m, 3), Optional.empty(), m));
      assertTrue(e.getMessage().contains("photo.jpg"), e.getMessage());
      CompactIisNet wider = new CompactIisNet(new CompactIisNet.Width(8, 12, 16, 32));
      wider.initialize(m, DataType.FLOAT32, wider.inputShapes(1, 32, 32));
      e = assertThrows(IllegalArgumentException.class, () -> TrainingCheckpoint.read(file, wider,
          Optional.empty(), m));
      assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
  }

  @Test
  void aBitFlippedCheckpointIsReportedAsCorruptBeforeAnythingLoads(@TempDir Path dir) throws IOException {
    try (NDManager m = manager()) {
      Path file = writeEpochOne(dir, m);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x04; // inside the weights: would load as a wrong (maybe NaN) parameter
      Files.write(file, bytes);
      CompactIisNet b = net(m, 2);
      List<float[]> untouched = weights(b);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainingCheckpoint.read(file, b, Optional.empty(), m));
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("corrupt")
          && e.getMessage().contains("hash"), e.getMessage());
      assertArrayEquals(untouched.get(0), weights(b).get(0), "nothing was loaded");
      e = assertThrows(IllegalArgumentException.class, () -> TrainingCheckpoint.readHeader(file));
      assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }
  }

  @Test
  void settingsAndMetricsRowsTravelWithTheWeights(@TempDir Path dir) throws IOException {
    try (NDManager m = manager()) {
      CompactIisNet a = net(m, 1);
      Path file = dir.resolve("last.ckpt");
      TrainingCheckpoint.Header h = new TrainingCheckpoint.Header(2, 16, 2, 3.5, "a",
          java.util.Map.of("crop", "320x480", "lr", "5.0E-4"), List.of("1,0.5,8,1.0,8.000,5.000e-04,0.4,0.61",
          "2,0.4,8,1.0,8.000,5.000e-04,0.3,0.72"));
      TrainingCheckpoint.write(file, h, a, Optional.empty());
      assertEquals(h, TrainingCheckpoint.readHeader(file));
    }
  }
}
