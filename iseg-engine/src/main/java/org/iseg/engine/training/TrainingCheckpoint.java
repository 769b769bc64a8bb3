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
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.iseg.engine.training.optim.AdamOptimizer;
import org.iseg.models.compact.CompactIisNet;

/**
 * A training checkpoint file: a magic line, a properties header (epoch, samples seen, optimizer steps, ...), the
 * network's parameters (DJL's {@code Block.saveParameters}) and the optimizer's moments. Written atomically: the
 * bytes go to a temporary file in the same folder, which is flushed to disk and then moved over the target, so
 * a run killed at any moment leaves either the previous checkpoint or the new one, never a torn file. The file
 * ends with the SHA-256 of everything before it, checked before anything is loaded: a file changed after it was
 * written (a flipped bit on disk or in a copy) is reported as corrupt instead of resuming into NaN. The header also
 * carries the run's settings (to refuse a resume under changed ones) and the metrics rows of every epoch so far (so
 * the epoch's row is saved in the same atomic step as its weights).
 *
 * <pre>{@code
 * TrainingCheckpoint.write(dir.resolve("last.ckpt"), header, net, adam);
 * TrainingCheckpoint.Header h = TrainingCheckpoint.read(file, net, adam, manager);
 * }</pre>
 */
public final class TrainingCheckpoint {
  static final String MAGIC = "ISEG-TRAINING-CHECKPOINT-2";
  /** Written before the content hash existed; still read, without a hash to check. */
  static final String MAGIC_V1 = "ISEG-TRAINING-CHECKPOINT-1";
  private static final int HASH_BYTES = 32;
  private static final String SETTING = "setting.";
  private static final String METRICS = "metrics.";
  /** Name prefix of arrays stored by name rather than as a DJL block. */
  private static final String NAMED = "w:";

  private TrainingCheckpoint() {}

  /**
   * Progress recorded with the weights.
   *
   * @param settings what the run was started with and may not change on resume (e.g. crop, lr, batch size, seed)
   * @param metricsRows the {@code metrics.csv} rows of epochs 1..epoch, saved with the weights so none is lost
   */
  public record Header(int epoch, long samplesSeen, long optimizerSteps, double elapsedSeconds, String network,
      Map<String, String> settings, List<String> metricsRows) {
    public Header {
      settings = Collections.unmodifiableMap(new TreeMap<>(settings));
      metricsRows = List.copyOf(metricsRows);
    }

    public Header(int epoch, long samplesSeen, long optimizerSteps, double elapsedSeconds, String network) {
      this(epoch, samplesSeen, optimizerSteps, elapsedSeconds, network, Map.of(), List.of());
    }

    Properties toProperties() {
      Properties p = new Properties();
      p.setProperty("epoch", Integer.toString(epoch));
      p.setProperty("samplesSeen", Long.toString(samplesSeen));
      p.setProperty("optimizerSteps", Long.toString(optimizerSteps));
      p.setProperty("elapsedSeconds", Double.toString(elapsedSeconds));
      p.setProperty("network", network);
      settings.forEach((k, v) -> p.setProperty(SETTING + k, v));
      for (int i = 0; i < metricsRows.size(); i++) {
        p.setProperty(METRICS + (i + 1), metricsRows.get(i));
      }
      return p;
    }

    static Header fromProperties(Properties p, Path file) {
      try {
        Map<String, String> settings = new TreeMap<>();
        List<String> rows = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
          if (key.startsWith(SETTING)) {
            settings.put(key.substring(SETTING.length()), p.getProperty(key));
          }
        }
        for (int i = 1; p.getProperty(METRICS + i) != null; i++) {
          rows.add(p.getProperty(METRICS + i));
        }
        return new Header(Integer.parseInt(p.getProperty("epoch")), Long.parseLong(p.getProperty("samplesSeen")),
            Long.parseLong(p.getProperty("optimizerSteps")), Double.parseDouble(p.getProperty("elapsedSeconds")),
            p.getProperty("network", ""), settings, rows);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("checkpoint " + file + " has a corrupt header " + p
            + "; delete it to start afresh or restore a copy", e);
      }
    }
  }

  /** Writes the checkpoint atomically (temp file + fsync + move). */
  public static void write(Path file, Header header, Block network, Optional<AdamOptimizer> optimizer)
      throws IOException {
    ByteArrayOutputStream params = new ByteArrayOutputStream();
    try (DataOutputStream p = new DataOutputStream(params)) {
      network.saveParameters(p);
    }
    write(file, header, params.toByteArray(), optimizer);
  }

  /**
   * {@link #write} for a network kept as named arrays (an imported network such as Mask2Former's, which DJL never
   * initialised and so cannot save as a {@link Block}): the arrays are stored by name.
   */
  public static void write(Path file, Header header, Map<String, NDArray> weights, Optional<AdamOptimizer> optimizer)
      throws IOException {
    NDList list = new NDList();
    for (Map.Entry<String, NDArray> e : weights.entrySet()) {
      NDArray a = e.getValue().duplicate();
      a.setName(NAMED + e.getKey());
      list.add(a);
    }
    try {
      write(file, header, list.encode(), optimizer);
    } finally {
      list.close();
    }
  }

  /**
   * Reads a checkpoint written by {@link #write(Path, Header, Map, Optional)}, copying each stored array into the
   * array of the same name in {@code weights} (in place: they keep any gradient they record); every name must be
   * there with the same shape.
   */
  public static Header read(Path file, Map<String, NDArray> weights, Optional<AdamOptimizer> optimizer,
      NDManager manager) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    }
    verify(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      Header header = readStart(in, file.toString(), file);
      byte[] params = readBytes(in, file.toString());
      try (NDManager scope = manager.newSubManager()) {
        NDList stored = NDList.decode(scope, params);
        if (stored.size() != weights.size()) {
          throw new IllegalArgumentException("checkpoint " + file + " holds " + stored.size() + " arrays, the network "
              + weights.size() + "; build the network it was trained with");
        }
        for (NDArray a : stored) {
          String name = a.getName() == null ? "" : a.getName();
          NDArray into = name.startsWith(NAMED) ? weights.get(name.substring(NAMED.length())) : null;
          if (into == null || !into.getShape().equals(a.getShape())) {
            throw new IllegalArgumentException("checkpoint " + file + ": array " + name + " " + a.getShape()
                + " does not fit the network; build the network it was trained with");
          }
          into.set(a.toType(into.getDataType(), false).toByteBuffer());
        }
      }
      readEnd(in, file.toString(), header, optimizer, manager);
      return header;
    }
  }

  private static void write(Path file, Header header, byte[] parameters, Optional<AdamOptimizer> optimizer)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      MessageDigest sha = sha256();
      try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
          BufferedOutputStream buffered = new BufferedOutputStream(raw);
          DataOutputStream out = new DataOutputStream(new DigestOutputStream(buffered, sha))) {
        out.write((MAGIC + "\n").getBytes(StandardCharsets.US_ASCII));
        StringWriter props = new StringWriter();
        header.toProperties().store(props, null);
        writeBytes(out, props.toString().getBytes(StandardCharsets.UTF_8));
        writeBytes(out, parameters);
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
        out.flush();
        buffered.write(sha.digest());
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
    verify(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString(), network, optimizer, manager);
    }
  }

  /**
   * Checks the content hash of a version-2 checkpoint (version 1 has none); a mismatch means the file changed
   * after it was written.
   */
  static void verify(Path file) throws IOException {
    long size = Files.size(file);
    String magic = magicOf(file);
    if (!magic.equals(MAGIC)) {
      return; // version 1, or not a checkpoint at all: the magic check while reading says which
    }
    if (size < MAGIC.length() + 1 + HASH_BYTES) {
      throw corrupt(file, "it is too short to hold a checkpoint");
    }
    long payload = size - HASH_BYTES;
    MessageDigest sha = sha256();
    byte[] stored;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      byte[] buf = new byte[1 << 16];
      long left = payload;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw corrupt(file, "it ended while being read");
        }
        sha.update(buf, 0, n);
        left -= n;
      }
      stored = in.readNBytes(HASH_BYTES);
    }
    if (!MessageDigest.isEqual(stored, sha.digest())) {
      throw corrupt(file, "its content hash does not match (the file was cut short or changed after it was written: a "
          + "killed copy, a disk or transfer error)");
    }
  }

  private static IllegalArgumentException corrupt(Path file, String why) {
    return new IllegalArgumentException("checkpoint " + file + " is truncated or corrupt: " + why + "; restore a copy (best.ckpt "
        + "is another), or delete it to start afresh");
  }

  private static String magicOf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAGIC.length() + 1), StandardCharsets.US_ASCII).strip();
    }
  }

  /** The magic and the header that open a checkpoint ({@code source} names it in messages). */
  private static Header readStart(DataInputStream in, String source, Path file) throws IOException {
    checkMagic(in.readNBytes(MAGIC.length() + 1), source);
    Properties p = new Properties();
    p.load(new StringReader(new String(readBytes(in, source), StandardCharsets.UTF_8)));
    return Header.fromProperties(p, file);
  }

  /** The optimizer state and the end marker that close a checkpoint; the state goes into {@code optimizer}. */
  private static void readEnd(DataInputStream in, String source, Header header, Optional<AdamOptimizer> optimizer,
      NDManager manager) throws IOException {
    byte[] state = readBytes(in, source);
    if (!"END".equals(in.readUTF())) {
      throw new IllegalArgumentException("checkpoint " + source + " is truncated (no end marker)");
    }
    if (optimizer.isPresent()) {
      NDList arrays = state.length == 0 ? new NDList() : NDList.decode(manager, state);
      optimizer.get().restore(arrays, header.optimizerSteps());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  static Header read(InputStream raw, String source, Block network, Optional<AdamOptimizer> optimizer,
      NDManager manager) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    try {
      Header header = readStart(in, source, Path.of(source));
      byte[] params = readBytes(in, source);
      loadParameters(network, new ByteArrayInputStream(params), manager, source);
      // loaded arrays are new leaves: trainable ones must record gradients again
      for (var pp : network.getParameters()) {
        if (pp.getValue().requiresGradient() && !pp.getValue().getArray().hasGradient()) {
          pp.getValue().getArray().setRequiresGradient(true);
        }
      }
      readEnd(in, source, header, optimizer, manager);
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

  /** How checkpoints name a network: a compact net by its widths, others by their class. */
  static String describe(Block network) {
    return network instanceof CompactIisNet ? network.toString() : network.getClass().getSimpleName();
  }

  private static void checkMagic(byte[] magic, String source) {
    String line = new String(magic, StandardCharsets.US_ASCII);
    if (!line.equals(MAGIC + "\n") && !line.equals(MAGIC_V1 + "\n")) {
      throw new IllegalArgumentException(source + " is not an iseg training checkpoint (bad magic)");
    }
  }

  /** Just the header, without loading weights (after checking the content hash). */
  public static Header readHeader(Path file) throws IOException {
    verify(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      return readStart(in, file.toString(), file);
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
