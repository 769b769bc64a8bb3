package org.iseg.models.checkpoint;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import org.iseg.models.checkpoint.TorchUnpickler.PythonObject;
import org.iseg.models.checkpoint.TorchUnpickler.StorageRef;
import org.iseg.models.checkpoint.TorchUnpickler.StorageType;
import org.iseg.models.checkpoint.TorchUnpickler.TensorRef;
import org.iseg.models.checkpoint.TorchUnpickler.UnsupportedStorageType;

/**
 * A PyTorch checkpoint ({@code torch.save}) read without Python: the state dict as float32 tensors and, for RITM
 * checkpoints, the model configuration.
 *
 * <pre>{@code
 * TorchCheckpoint ckpt = TorchCheckpoint.read(Path.of("coco_lvis_h18s_itermask.pth"));
 * TensorData w = ckpt.tensor("feature_extractor.conv1.weight");
 * String cls = ckpt.configClass().orElseThrow();           // isegm.model.is_hrnet_model.HRNetModel
 * Object width = ckpt.configParam("width").orElseThrow();  // 18L
 * }</pre>
 *
 * <p>Formats: the zip format of PyTorch 1.6+ ({@code <top>/data.pkl} + {@code <top>/data/<key>}, any top folder
 * name, little- or big-endian per {@code <top>/byteorder}) and the older "legacy" format (a sequence of pickles
 * followed by raw storages). TorchScript archives ({@code torch.jit.save}) are refused with a pointer to
 * {@code TorchScriptIisModel}.
 *
 * <p>What the file may hold: {@code {'state_dict': {...}, 'config': {...}}} (RITM's {@code save_checkpoint}),
 * {@code {'state_dict': {...}, 'meta': {'config': ConfigDict}}} (EasyCV's export; mmcv's {@code ConfigDict} reads as a
 * map and becomes {@link #config()}), a
 * dict with a {@code 'model'} state dict, or a bare state dict. Tensors of any layout (storage offsets, strides,
 * shared storages) and element type float32/float64/float16/bfloat16 and the integer/bool types are read;
 * {@link #stateDict()} converts all of them to float32 (integers exactly up to 2^24, which covers BatchNorm's
 * {@code num_batches_tracked} in practice); {@link #integerValues} gives exact integer values and {@link #dtype}
 * the stored type. Entries of the state dict that are not tensors are skipped and listed by
 * {@link #skippedEntries()}.
 *
 * <p>{@link #config()} converts Python values to plain Java: dict → unmodifiable insertion-ordered
 * {@code Map<String, Object>} (non-string keys become their string form), list/tuple → unmodifiable {@code List},
 * int → {@code Long} (or {@code BigInteger} if larger), float → {@code Double}, bool → {@code Boolean}, str →
 * {@code String}, bytes → {@code byte[]}, a tensor → {@link TensorData}, {@code None} → {@link Optional#empty()}
 * (no nulls), any other object → a map {@code {"__class__": qualified name, "args": [...]}}. A RITM config reads
 * {@code {"class": "isegm.model.is_hrnet_model.HRNetModel", "params": {"width": {"type": "builtin", "value": 18L,
 * "specified": true}, ...}}}.
 *
 * <p>Every failure (missing, truncated or corrupt file, not a PyTorch file, inconsistent tensor) is a
 * {@link CheckpointException} whose message names the file and, where it applies, the tensor.
 */
public final class TorchCheckpoint {
  private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final int LEGACY_PROTOCOL = 1001;

  private final Path file;
  private final Map<String, TensorData> stateDict;
  private final Map<String, TorchDtype> dtypes;
  private final Map<String, long[]> integerValues;
  private final Map<String, Object> config;
  private final List<String> skipped;

  private TorchCheckpoint(Path file, Map<String, TensorData> stateDict, Map<String, TorchDtype> dtypes,
      Map<String, long[]> integerValues, Map<String, Object> config, List<String> skipped) {
    this.file = file;
    this.stateDict = Collections.unmodifiableMap(stateDict);
    this.dtypes = Collections.unmodifiableMap(dtypes);
    this.integerValues = integerValues;
    this.config = config;
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Reads a {@code .pth}/{@code .pt} checkpoint.
   *
   * @throws CheckpointException if the file is missing, unreadable, truncated, corrupt or not a PyTorch checkpoint
   */
  public static TorchCheckpoint read(Path file) {
    if (!Files.exists(file)) {
      throw new CheckpointException("checkpoint file " + file + " does not exist; pass the path of a .pth file "
          + "saved by torch.save (for RITM: a downloaded *_itermask.pth)");
    }
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("checkpoint path " + file + " is not a regular file; pass the .pth file itself");
    }
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    } catch (IOException e) {
      throw new CheckpointException("cannot read checkpoint file " + file + ": " + e, e);
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return readZip(file);
    }
    if (n >= 2 && (head[0] & 0xff) == 0x80) {
      return readLegacy(file);
    }
    throw new CheckpointException("file " + file + " is not a PyTorch checkpoint: it starts with neither a zip header "
        + "(PyTorch >= 1.6) nor a pickle (legacy format)" + (n == 0 ? " (the file is empty)" : "")
        + "; pass a file written by torch.save");
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** All tensors by their names in the file, in file order, as float32. */
  public Map<String, TensorData> stateDict() {
    return stateDict;
  }

  /** The tensor {@code name}; fails with a message naming the file and listing similar names if it is absent. */
  public TensorData tensor(String name) {
    TensorData t = stateDict.get(name);
    if (t == null) {
      throw new CheckpointException("checkpoint " + file + " has no tensor '" + name + "'" + suggestions(name));
    }
    return t;
  }

  /**
   * Checks that every name in {@code expected} is present, failing once with all missing names (and the names the
   * file has instead) rather than at the first; returns this for chaining.
   */
  public TorchCheckpoint requireTensors(java.util.Collection<String> expected) {
    List<String> missing = new ArrayList<>();
    for (String name : expected) {
      if (!stateDict.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      List<String> unexpected = new ArrayList<>();
      java.util.Set<String> wanted = new java.util.HashSet<>(expected);
      for (String name : stateDict.keySet()) {
        if (!wanted.contains(name)) {
          unexpected.add(name);
        }
      }
      throw new CheckpointException("checkpoint " + file + " lacks " + missing.size() + " of the " + expected.size()
          + " tensors the network needs: " + abbreviate(missing) + (unexpected.isEmpty() ? ""
          : "; it has these instead: " + abbreviate(unexpected)) + " (a checkpoint of another architecture?)");
    }
    return this;
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
  }

  /** The element type the tensor {@code name} was stored with. */
  public TorchDtype dtype(String name) {
    tensor(name);
    return dtypes.get(name);
  }

  /** Exact values of an integer or bool tensor (row-major); empty for floating-point tensors. */
  public Optional<long[]> integerValues(String name) {
    tensor(name);
    long[] values = integerValues.get(name);
    return values == null ? Optional.empty() : Optional.of(values.clone());
  }

  /** Entries of the state dict that were not tensors and were left out of {@link #stateDict()}. */
  public List<String> skippedEntries() {
    return skipped;
  }

  /** The {@code 'config'} entry converted to Java values (see the class comment); empty if there is none. */
  public Map<String, Object> config() {
    return config;
  }

  /** RITM's {@code config['class']}, e.g. {@code isegm.model.is_hrnet_model.HRNetModel}. */
  public Optional<String> configClass() {
    return config.get("class") instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /**
   * RITM's {@code config['params'][name]['value']}; empty when the parameter is absent or its value is
   * {@code None}.
   */
  public Optional<Object> configParam(String name) {
    if (config.get("params") instanceof Map<?, ?> params && params.get(name) instanceof Map<?, ?> param) {
      Object value = param.get("value");
      if (value == null || value instanceof Optional<?>) {
        return Optional.empty();
      }
      return Optional.of(value);
    }
    return Optional.empty();
  }

  /**
   * Number of learnable parameters: all elements except BatchNorm's {@code running_mean}, {@code running_var} and
   * {@code num_batches_tracked} (what {@code sum(p.numel() for p in model.parameters())} counts for RITM models).
   */
  public long parameterCount() {
    long total = 0;
    for (TensorData t : stateDict.values()) {
      String name = t.name();
      if (name.endsWith(".running_mean") || name.endsWith(".running_var") || name.endsWith(".num_batches_tracked")) {
        continue;
      }
      total += t.size();
    }
    return total;
  }

  @Override
  public String toString() {
    return "TorchCheckpoint[" + file + ", " + stateDict.size() + " tensors" + configClass().map(c -> ", " + c)
        .orElse("") + "]";
  }

  private String suggestions(String name) {
    if (stateDict.isEmpty()) {
      return "; it holds no tensors";
    }
    String leaf = name.substring(name.lastIndexOf('.') + 1);
    List<String> similar = new ArrayList<>();
    for (String key : stateDict.keySet()) {
      if (key.endsWith("." + leaf) && similar.size() < 5) {
        similar.add(key);
      }
    }
    return "; it has " + stateDict.size() + " tensors" + (similar.isEmpty() ? ", e.g. " + stateDict.keySet().iterator()
        .next() : ", similar names: " + similar);
  }

  // ---------------------------------------------------------------------------------------------- zip format

  /**
   * Writes a copy of the zip-format checkpoint {@code source} to {@code target} with the float32 tensors named in
   * {@code values} replaced (same shapes; everything else, the config included, byte for byte as it was), so that
   * fine-tuned weights go back into the exporter's own format. The copy is written beside {@code target} and moved
   * over it.
   *
   * @throws CheckpointException naming the file and tensor when a tensor is absent, not float32, shares its storage
   *     or has another number of values
   */
  public static void rewriteFloat32(Path source, Map<String, float[]> values, Path target) {
    try (ZipFile zip = new ZipFile(source.toFile())) {
      String prefix = findPrefix(zip, source);
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
      if (byteorder != null && new String(readEntry(zip, byteorder, source),
          java.nio.charset.StandardCharsets.US_ASCII).trim().equals("big")) {
        order = ByteOrder.BIG_ENDIAN;
      }
      Object root = unpickle(zip, prefix, source);
      Map<?, ?> state = root instanceof Map<?, ?> top && top.get("state_dict") instanceof Map<?, ?> sd ? sd
          : root instanceof Map<?, ?> top2 ? top2 : Map.of();
      Map<String, Integer> uses = new HashMap<>();
      for (Object v : state.values()) {
        if (v instanceof TensorRef r) {
          uses.merge(r.storage().key(), 1, Integer::sum);
        }
      }
      Map<String, byte[]> replaced = new HashMap<>();
      for (Map.Entry<String, float[]> e : values.entrySet()) {
        if (!(state.get(e.getKey()) instanceof TensorRef ref)) {
          throw new CheckpointException("checkpoint " + source + " has no tensor '" + e.getKey() + "' to replace");
        }
        float[] v = e.getValue();
        if (ref.storage().dtype() != TorchDtype.FLOAT32 || ref.offset() != 0 || ref.storage().numel() != v.length
            || uses.get(ref.storage().key()) != 1) {
          throw new CheckpointException("checkpoint " + source + ": tensor '" + e.getKey() + "' is not a float32 "
              + "tensor of its own storage with " + v.length + " values, so it cannot be replaced in place");
        }
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        b.asFloatBuffer().put(v);
        replaced.put(prefix + "data/" + ref.storage().key(), b.array());
      }
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
      try {
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
            new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
          Enumeration<? extends ZipEntry> entries = zip.entries();
          while (entries.hasMoreElements()) {
            ZipEntry in = entries.nextElement();
            byte[] bytes = replaced.containsKey(in.getName()) ? replaced.get(in.getName()) : readEntry(zip, in, source);
            ZipEntry copy = new ZipEntry(in.getName());
            CRC32 crc = new CRC32();
            crc.update(bytes);
            copy.setMethod(ZipEntry.STORED); // as torch.save writes them
            copy.setSize(bytes.length);
            copy.setCompressedSize(bytes.length);
            copy.setCrc(crc.getValue());
            out.putNextEntry(copy);
            out.write(bytes);
            out.closeEntry();
          }
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot rewrite checkpoint " + source + " as " + target + ": " + e, e);
    }
  }

  private static TorchCheckpoint readZip(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = findPrefix(zip, file);
      if (zip.getEntry(prefix + "constants.pkl") != null || hasEntryUnder(zip, prefix + "code/")) {
        throw new CheckpointException("file " + file + " is a TorchScript archive (torch.jit.save), not a torch.save "
            + "checkpoint; load it as an external model (TorchScriptIisModel) instead");
      }
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
      if (byteorder != null) {
        String text = new String(readEntry(zip, byteorder, file), java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (text.equals("big")) {
          order = ByteOrder.BIG_ENDIAN;
        } else if (!text.equals("little")) {
          throw new CheckpointException("checkpoint " + file + ": unknown byte order '" + text + "' in " + prefix
              + "byteorder; expected 'little' or 'big'");
        }
      }
      Object root = unpickle(zip, prefix, file);
      ByteOrder byteOrder = order;
      Map<String, ByteBuffer> cache = new HashMap<>();
      StorageSource source = ref -> cache.computeIfAbsent(ref.key(), key -> {
        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
        if (entry == null) {
          throw new CheckpointException("checkpoint " + file + " is corrupt: storage " + prefix + "data/" + key
              + " is missing from the zip");
        }
        return ByteBuffer.wrap(readEntry(zip, entry, file)).order(byteOrder);
      });
      return build(file, root, source);
    } catch (ZipException e) {
      throw new CheckpointException("checkpoint " + file + " is not a readable zip (truncated or corrupt download?): "
          + e.getMessage() + "; download it again", e);
    } catch (IOException e) {
      throw new CheckpointException("cannot read checkpoint " + file + ": " + e, e);
    }
  }

  private static String findPrefix(ZipFile zip, Path file) {
    String best = null;
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      String name = e.nextElement().getName();
      if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
        String prefix = name.substring(0, name.length() - "data.pkl".length());
        if (best == null || prefix.length() < best.length()) {
          best = prefix;
        }
      }
    }
    if (best == null) {
      throw new CheckpointException("zip file " + file + " is not a PyTorch checkpoint: it has no <folder>/data.pkl; "
          + "pass a file written by torch.save");
    }
    return best;
  }

  private static boolean hasEntryUnder(ZipFile zip, String folder) {
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      if (e.nextElement().getName().startsWith(folder)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] readEntry(ZipFile zip, ZipEntry entry, Path file) {
    byte[] bytes;
    try (InputStream in = zip.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new CheckpointException("checkpoint " + file + ": cannot read zip entry " + entry.getName()
          + " (truncated or corrupt download?): " + e.getMessage(), e);
    }
    // torch.save stores entries uncompressed, and ZipFile checks no CRC for those: check it here so a flipped bit
    // is reported as a corrupt file rather than loaded as a wrong weight
    if (entry.getCrc() != -1) {
      CRC32 crc = new CRC32();
      crc.update(bytes);
      if (crc.getValue() != entry.getCrc()) {
        throw new CheckpointException(String.format(java.util.Locale.ROOT, "checkpoint %s is corrupt: zip entry %s "
            + "fails its CRC check (recorded %08x, computed %08x); download or copy it again", file, entry.getName(),
            entry.getCrc(), crc.getValue()));
      }
    }
    return bytes;
  }

  private static Object unpickle(ZipFile zip, String prefix, Path file) {
    ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
    byte[] bytes = readEntry(zip, pkl, file);
    TorchUnpickler unpickler = new TorchUnpickler(pid -> storageRef(pid, file, false));
    try {
      return unpickler.loads(bytes);
    } catch (PickleException | IOException | ClassCastException | IndexOutOfBoundsException e) {
      throw new CheckpointException("checkpoint " + file + ": cannot unpickle " + prefix + "data.pkl: " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      if (e instanceof CheckpointException) {
        throw e;
      }
      throw new CheckpointException("checkpoint " + file + ": cannot unpickle " + prefix + "data.pkl: " + e, e);
    }
  }

  /** ('storage', type, key, location, numel[, view_metadata]) → StorageRef. */
  private static StorageRef storageRef(Object[] pid, Path file, boolean legacy) {
    if (pid[1] instanceof UnsupportedStorageType unsupported) {
      throw new CheckpointException("checkpoint " + file + " uses " + unsupported.qualifiedName() + ", which cannot "
          + "be converted to float; supported: float32/64, float16, bfloat16 and integer/bool storages");
    }
    if (!(pid[1] instanceof StorageType type)) {
      throw new CheckpointException("checkpoint " + file + ": unexpected storage type " + TorchUnpickler.describe(pid[1])
          + " in persistent id " + TorchUnpickler.describe(pid));
    }
    String key = String.valueOf(pid[2]);
    long numel = ((Number) pid[4]).longValue();
    long offset = 0;
    if (legacy && pid.length > 5 && pid[5] instanceof Object[] view && view.length >= 2) {
      // legacy storage views: (view_key, offset_in_elements, view_size) into the root storage `key`
      offset = ((Number) view[1]).longValue();
    }
    return new StorageRef(key, type.dtype(), numel, offset);
  }

  // ------------------------------------------------------------------------------------------- legacy format

  private static TorchCheckpoint readLegacy(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      Object magic = new TorchUnpickler(pid -> null).load(in);
      if (!(magic instanceof Number m) || !LEGACY_MAGIC.equals(new BigInteger(m.toString()))) {
        throw new CheckpointException("file " + file + " is a pickle but not a PyTorch checkpoint (no torch magic "
            + "number); pass a file written by torch.save");
      }
      Object protocol = new TorchUnpickler(pid -> null).load(in);
      if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
        throw new CheckpointException("checkpoint " + file + " uses legacy protocol " + protocol + "; only "
            + LEGACY_PROTOCOL + " is supported");
      }
      Object sysInfo = new TorchUnpickler(pid -> null).load(in);
      boolean little = !(sysInfo instanceof Map<?, ?> info) || !Boolean.FALSE.equals(info.get("little_endian"));
      Map<String, TorchDtype> rootTypes = new HashMap<>();
      Object root = new TorchUnpickler(pid -> {
        StorageRef ref = storageRef(pid, file, true);
        rootTypes.put(ref.key(), ref.dtype());
        return ref;
      }).load(in);
      Object keys = new TorchUnpickler(pid -> null).load(in);
      if (!(keys instanceof List<?> keyList)) {
        throw new CheckpointException("checkpoint " + file + " is corrupt: expected the list of storage keys after "
            + "the pickled object");
      }
      ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      Map<String, ByteBuffer> storages = new HashMap<>();
      for (Object k : keyList) {
        String key = String.valueOf(k);
        TorchDtype dtype = rootTypes.get(key);
        if (dtype == null) {
          throw new CheckpointException("checkpoint " + file + " is corrupt: storage key " + key
              + " is listed but no tensor refers to it");
        }
        byte[] header = new byte[8];
        in.readFully(header);
        long count = ByteBuffer.wrap(header).order(order).getLong();
        long bytes = count * dtype.elementSize();
        if (count < 0 || bytes > Integer.MAX_VALUE - 16) {
          throw new CheckpointException("checkpoint " + file + ": storage " + key + " claims " + count
              + " elements; corrupt file or storage over 2 GB (unsupported)");
        }
        byte[] data = new byte[(int) bytes];
        in.readFully(data);
        storages.put(key, ByteBuffer.wrap(data).order(order));
      }
      return build(file, root, ref -> storages.get(ref.key()));
    } catch (EOFException e) {
      throw new CheckpointException("checkpoint " + file + " is truncated (ends before all storages were read); "
          + "download it again", e);
    } catch (PickleException | ClassCastException e) {
      throw new CheckpointException("checkpoint " + file + " (legacy format) is corrupt: " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new CheckpointException("checkpoint file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new CheckpointException("cannot read checkpoint " + file + ": " + e, e);
    }
  }

  // ----------------------------------------------------------------------------------------------- conversion

  private interface StorageSource {
    /** The storage's bytes (null if unknown), positioned by element index from 0. */
    ByteBuffer bytes(StorageRef ref);
  }

  private static TorchCheckpoint build(Path file, Object root, StorageSource source) {
    Map<?, ?> stateMap;
    Object configObject = null;
    if (root instanceof Map<?, ?> top && top.get("state_dict") instanceof Map<?, ?> sd) {
      stateMap = sd;
      configObject = top.get("config");
      if (configObject == null && top.get("meta") instanceof Map<?, ?> meta && meta.get("config") instanceof Map<?, ?>) {
        // EasyCV's export: {'state_dict', 'meta': {'config': ConfigDict}, 'author'}
        configObject = meta.get("config");
      }
    } else if (root instanceof Map<?, ?> top && top.get("model") instanceof Map<?, ?> sd && !sd.isEmpty()
        && sd.values().iterator().next() instanceof TensorRef) {
      stateMap = sd;
      configObject = top.get("config");
    } else if (root instanceof Map<?, ?> top && top.values().stream().anyMatch(v -> v instanceof TensorRef)) {
      stateMap = top;
    } else {
      String found = root instanceof Map<?, ?> m ? "a dict with keys " + m.keySet() : describeType(root);
      throw new CheckpointException("checkpoint " + file + " holds no state dict: expected {'state_dict': ..., "
          + "'config': ...} or a dict of tensors, found " + found);
    }
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    Map<String, TorchDtype> dtypes = new HashMap<>();
    Map<String, long[]> integers = new HashMap<>();
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<?, ?> e : stateMap.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof TensorRef ref)) {
        skipped.add(name);
        continue;
      }
      ByteBuffer bytes = source.bytes(ref.storage());
      tensors.put(name, toTensor(file, name, ref, bytes));
      dtypes.put(name, ref.storage().dtype());
      if (!ref.storage().dtype().isFloating()) {
        integers.put(name, gatherLongs(file, name, ref, bytes));
      }
    }
    Map<String, Object> config = Map.of();
    if (configObject instanceof Map<?, ?> cfg) {
      @SuppressWarnings("unchecked")
      Map<String, Object> converted = (Map<String, Object>) toJava(cfg, file, source);
      config = converted;
    }
    return new TorchCheckpoint(file, tensors, dtypes, integers, config, skipped);
  }

  private static String describeType(Object o) {
    if (o instanceof TensorRef) {
      return "a single tensor";
    }
    if (o instanceof PythonObject p) {
      return "a " + p.className + " object (a pickled model? save model.state_dict() instead)";
    }
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  private static Object toJava(Object value, Path file, StorageSource source) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), toJava(e.getValue(), file, source));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof Object[] tuple) {
      List<Object> out = new ArrayList<>(tuple.length);
      for (Object o : tuple) {
        out.add(toJava(o, file, source));
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(toJava(o, file, source));
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof TensorRef ref) {
      return toTensor(file, "config tensor", ref, source.bytes(ref.storage()));
    }
    if (value instanceof PythonObject p) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("__class__", p.className);
      out.put("args", toJava(p.args, file, source));
      if (p.state != null) {
        out.put("state", toJava(p.state, file, source));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof java.util.Set<?> set) {
      return toJava(new ArrayList<>(set), file, source);
    }
    if (value instanceof net.razorvine.pickle.IObjectConstructor ctor) {
      return "<python global " + ctor + ">";
    }
    return value; // Long, Double, Boolean, String, byte[]
  }

  // -------------------------------------------------------------------------------------------------- tensors

  private static TensorData toTensor(Path file, String name, TensorRef ref, ByteBuffer bytes) {
    long[] size = ref.size();
    long numel = checkLayout(file, name, ref, bytes);
    float[] out = new float[(int) numel];
    if (numel == 0) {
      return new TensorData(name, size, out);
    }
    TorchDtype dtype = ref.storage().dtype();
    long start = ref.storage().elementOffset() + ref.offset();
    if (isContiguous(size, ref.stride())) {
      if (dtype == TorchDtype.FLOAT32) {
        bytes.duplicate().order(bytes.order()).position((int) (start * 4)).slice().order(bytes.order())
            .asFloatBuffer().get(out);
      } else {
        for (int i = 0; i < out.length; i++) {
          out[i] = dtype.readFloat(bytes, (int) start + i);
        }
      }
      return new TensorData(name, size, out);
    }
    int[] positions = stridedPositions(size, ref.stride(), start, out.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = dtype.readFloat(bytes, positions[i]);
    }
    return new TensorData(name, size, out);
  }

  private static long[] gatherLongs(Path file, String name, TensorRef ref, ByteBuffer bytes) {
    long[] size = ref.size();
    long numel = checkLayout(file, name, ref, bytes);
    long[] out = new long[(int) numel];
    TorchDtype dtype = ref.storage().dtype();
    int[] positions = stridedPositions(size, ref.stride(), ref.storage().elementOffset() + ref.offset(), out.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = dtype.readLong(bytes, positions[i]);
    }
    return out;
  }

  /** Storage element positions of a strided tensor's elements in row-major order (an odometer over the sizes). */
  private static int[] stridedPositions(long[] size, long[] stride, long start, int count) {
    int rank = size.length;
    long[] index = new long[rank];
    long position = start;
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = (int) position;
      for (int d = rank - 1; d >= 0; d--) {
        position += stride[d];
        if (++index[d] < size[d]) {
          break;
        }
        position -= stride[d] * size[d];
        index[d] = 0;
      }
    }
    return out;
  }

  /** Checks that every element the tensor addresses lies inside its storage; returns the element count. */
  private static long checkLayout(Path file, String name, TensorRef ref, ByteBuffer bytes) {
    String where = "checkpoint " + file + ", tensor '" + name + "'";
    if (bytes == null) {
      throw new CheckpointException(where + ": storage " + ref.storage().key() + " is missing from the file");
    }
    long numel = 1;
    long lowest = ref.storage().elementOffset() + ref.offset();
    long highest = lowest;
    for (int d = 0; d < ref.size().length; d++) {
      long s = ref.size()[d];
      if (s < 0) {
        throw new CheckpointException(where + ": negative size " + java.util.Arrays.toString(ref.size()));
      }
      numel = Math.multiplyExact(numel, s);
      long reach = (s - 1) * ref.stride()[d];
      if (reach >= 0) {
        highest += reach;
      } else {
        lowest += reach;
      }
    }
    if (numel > Integer.MAX_VALUE - 16) {
      throw new CheckpointException(where + " has " + numel + " elements; tensors over 2^31 elements are unsupported");
    }
    if (numel == 0) {
      return 0;
    }
    TorchDtype dtype = ref.storage().dtype();
    long available = bytes.capacity() / dtype.elementSize();
    long declared = ref.storage().numel() + ref.storage().elementOffset();
    if (available < declared) {
      throw new CheckpointException(where + ": storage " + ref.storage().key() + " is truncated: expected "
          + declared * dtype.elementSize() + " bytes (" + declared + " " + dtype + " elements), found "
          + bytes.capacity() + "; download the checkpoint again");
    }
    if (lowest < 0 || highest >= available) {
      throw new CheckpointException(where + ": shape " + java.util.Arrays.toString(ref.size()) + ", stride "
          + java.util.Arrays.toString(ref.stride()) + " and offset " + ref.offset() + " address elements "
          + lowest + ".." + highest + " outside its storage of " + available + " elements (corrupt file)");
    }
    return numel;
  }

  private static boolean isContiguous(long[] size, long[] stride) {
    long expected = 1;
    for (int d = size.length - 1; d >= 0; d--) {
      if (size[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= size[d];
    }
    return true;
  }
}
