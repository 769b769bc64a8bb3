package org.iseg.engine.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.iseg.engine.training.optim.AdamOptimizer;
import org.iseg.models.compact.CompactIisNet;

/**
 * A training checkpoint file: a magic line, a properties header (epoch, samples seen, optimizer steps, ...), the
 * network's parameters (DJL's {@code Block.saveParameters}) and the optimizer's moments. Written atomically: the
 * bytes go to a temporary file in the same folder, which is flushed to disk and then moved over the target, so
 * a run killed at any moment leaves either the previous checkpoint or the new one, never a torn file.
 *
 * <pre>{@code
 * TrainingCheckpoint.write(dir.resolve("last.ckpt"), header, net, adam);
 * TrainingCheckpoint.Header h = TrainingCheckpoint.read(file, net, adam, manager);
 * }</pre>
 */
public final class TrainingCheckpoint {
  static final String MAGIC = "ISEG-TRAINING-CHECKPOINT-1";

  private TrainingCheckpoint() {}

  /** Progress recorded with the weights. */
  public record Header(int epoch, long samplesSeen, long optimizerSteps, double elapsedSeconds, String network) {
    Properties toProperties() {
      Properties p = new Properties();
      p.setProperty("epoch", Integer.toString(epoch));
      p.setProperty("samplesSeen", Long.toString(samplesSeen));
      p.setProperty("optimizerSteps", Long.toString(optimizerSteps));
      p.setProperty("elapsedSeconds", Double.toString(elapsedSeconds));
      p.setProperty("network", network);
      return p;
    }

    static Header fromProperties(Properties p, Path file) {
      try {
        return new Header(Integer.parseInt(p.getProperty("epoch")), Long.parseLong(p.getProperty("samplesSeen")),
            Long.parseLong(p.getProperty("optimizerSteps")), Double.parseDouble(p.getProperty("elapsedSeconds")),
            p.getProperty("network", ""));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("checkpoint " + file + " has a corrupt header " + p
            + "; delete it to start afresh or restore a copy", e);
      }
    }
  }

  /** Writes the checkpoint atomically (temp file + fsync + move). */
  public static void write(Path file, Header header, Block network, Optional<AdamOptimizer> optimizer)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
        out.write((MAGIC + "\n").getBytes(StandardCharsets.US_ASCII));
        StringWriter props = new StringWriter();
        header.toProperties().store(props, null);
        writeBytes(out, props.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        try (DataOutputStream p = new DataOutputStream(params)) {
          network.saveParameters(p);
        }
        writeBytes(out, params.toByteArray());
        NDList state = new NDList();
        if (optimizer.isPresent()) {
          for (Map.Entry<String, NDArray> e : optimizer.get().state().entrySet()) {
            NDArray a = e.getValue();
            a.setName(e.getKey());
            state.add(a);
          }
        }
        writeBytes(out, state.isEmpty() ? new byte[0] : state.encode());
        out.writeUTF("END");
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a checkpoint into {@code network} (already built with the same architecture and initialised) and,
   * when given, the optimizer.
   */
  public static Header read(Path file, Block network, Optional<AdamOptimizer> optimizer, NDManager manager)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString(), network, optimizer, manager);
    }
  }

  static Header read(InputStream raw, String source, Block network, Optional<AdamOptimizer> optimizer,
      NDManager manager) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    try {
      byte[] magic = in.readNBytes(MAGIC.length() + 1);
      if (!new String(magic, StandardCharsets.US_ASCII).equals(MAGIC + "\n")) {
        throw new IllegalArgumentException(source + " is not an iseg training checkpoint (bad magic)");
      }
      Properties p = new Properties();
      p.load(new StringReader(new String(readBytes(in, source), StandardCharsets.UTF_8)));
      Header header = Header.fromProperties(p, Path.of(source));
      byte[] params = readBytes(in, source);
      loadParameters(network, new ByteArrayInputStream(params), manager, source);
      // loaded arrays are new leaves: trainable ones must record gradients again
      for (var pp : network.getParameters()) {
        if (pp.getValue().requiresGradient() && !pp.getValue().getArray().hasGradient()) {
          pp.getValue().getArray().setRequiresGradient(true);
        }
      }
      byte[] state = readBytes(in, source);
      if (!"END".equals(in.readUTF())) {
        throw new IllegalArgumentException("checkpoint " + source + " is truncated (no end marker)");
      }
      if (optimizer.isPresent()) {
        NDList arrays = state.length == 0 ? new NDList() : NDList.decode(manager, state);
        optimizer.get().restore(arrays, header.optimizerSteps());
      }
      return header;
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException("checkpoint " + source + " is truncated or corrupt; restore a copy or "
          + "delete it to start afresh", e);
    }
  }

  /**
   * Loads parameters written by {@code Block.saveParameters} into an initialised network and checks that every
   * parameter kept its shape (DJL itself would adopt arrays of any shape).
   */
  static void loadParameters(Block network, InputStream in, NDManager manager, String source) throws IOException {
    java.util.Map<String, ai.djl.ndarray.types.Shape> shapes = new java.util.LinkedHashMap<>();
    for (var p : network.getParameters()) {
      if (p.getValue().isInitialized()) {
        shapes.put(p.getKey(), p.getValue().getArray().getShape());
      }
    }
    try (DataInputStream ps = new DataInputStream(in)) {
      network.loadParameters(manager, ps);
    } catch (MalformedModelException | RuntimeException e) {
      throw new IllegalArgumentException("checkpoint " + source + " does not fit network " + describe(network)
          + ": " + e.getMessage() + "; build the network with the architecture it was trained with", e);
    }
    for (var p : network.getParameters()) {
      ai.djl.ndarray.types.Shape expected = shapes.get(p.getKey());
      ai.djl.ndarray.types.Shape got = p.getValue().getArray().getShape();
      if (expected != null && !expected.equals(got)) {
        throw new IllegalArgumentException("checkpoint " + source + " does not fit network " + describe(network)
            + ": parameter " + p.getKey() + " has shape " + got + " there but " + expected + " here; build the "
            + "network with the architecture it was trained with");
      }
    }
  }

  private static String describe(Block network) {
    return network instanceof CompactIisNet ? network.toString() : network.getClass().getSimpleName();
  }

  /** Just the header, without loading weights. */
  public static Header readHeader(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = in.readNBytes(MAGIC.length() + 1);
      if (!new String(magic, StandardCharsets.US_ASCII).equals(MAGIC + "\n")) {
        throw new IllegalArgumentException(file + " is not an iseg training checkpoint (bad magic)");
      }
      Properties p = new Properties();
      p.load(new StringReader(new String(readBytes(in, file.toString()), StandardCharsets.UTF_8)));
      return Header.fromProperties(p, file);
    }
  }

  /** Writes only the network's parameters (what a shipped model needs), atomically. */
  public static void writeWeights(Path file, Block network) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        network.saveParameters(out);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeLong(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in, String source) throws IOException {
    long n = in.readLong();
    if (n < 0 || n > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("checkpoint " + source + " is corrupt (section length " + n + ")");
    }
    byte[] b = in.readNBytes((int) n);
    if (b.length != n) {
      throw new java.io.EOFException();
    }
    return b;
  }
}
