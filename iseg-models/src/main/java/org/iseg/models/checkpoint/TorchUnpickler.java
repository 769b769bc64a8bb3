package org.iseg.models.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler taught the few globals a {@code torch.save} pickle uses.
 *
 * <p>Differences from the stock {@link Unpickler}, all deliberate: dictionaries keep insertion order
 * ({@code EMPTY_DICT}/{@code DICT}/{@code SETITEMS} build {@link LinkedHashMap}s, because the stock SETITEMS goes
 * through a {@code HashMap} and scrambles a state dict's order); globals are resolved here, per instance, instead
 * of through Pyrolite's static constructor table (no global state); unknown globals become
 * {@link PythonObject}s rather than failing, so an unusual config entry does not make a checkpoint unreadable.
 */
final class TorchUnpickler extends Unpickler {
  private static final short EMPTY_DICT = '}';
  private static final short DICT = 'd';
  private static final short SETITEMS = 'u';
  private static final short BUILD = 'b';
  private static final short GLOBAL = 'c';
  private static final short STACK_GLOBAL = 0x93;

  private final Function<Object[], StorageRef> storages;

  /** @param storages maps a persistent id tuple ({@code ('storage', type, key, location, numel, ...)}) to a storage */
  TorchUnpickler(Function<Object[], StorageRef> storages) {
    this.storages = storages;
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] tuple) || tuple.length < 5 || !"storage".equals(tuple[0])) {
      throw new PickleException("unsupported persistent id " + describe(pid) + "; expected ('storage', type, key, "
          + "location, numel)");
    }
    return storages.apply(tuple);
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case EMPTY_DICT:
        stack.add(new LinkedHashMap<Object, Object>());
        return NO_RETURN_VALUE;
      case DICT: {
        List<Object> items = stack.pop_all_since_marker();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
          map.put(items.get(i), items.get(i + 1));
        }
        stack.add(map);
        return NO_RETURN_VALUE;
      }
      case SETITEMS: {
        List<Object> items = stack.pop_all_since_marker();
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) stack.peek();
        for (int i = 0; i + 1 < items.size(); i += 2) {
          map.put(items.get(i), items.get(i + 1));
        }
        return NO_RETURN_VALUE;
      }
      case BUILD: {
        Object state = stack.pop();
        Object target = stack.peek();
        if (target instanceof PyOrderedDict dict) {
          dict.setState(state);
        } else if (target instanceof PythonObject object) {
          object.setState(state);
        }
        // other targets (plain containers, tensors) carry no state we use
        return NO_RETURN_VALUE;
      }
      case GLOBAL: {
        String module = readLine();
        String name = readLine();
        stack.add(resolve(module, name));
        return NO_RETURN_VALUE;
      }
      case STACK_GLOBAL: {
        String name = (String) stack.pop();
        String module = (String) stack.pop();
        stack.add(resolve(module, name));
        return NO_RETURN_VALUE;
      }
      default:
        return super.dispatch(key);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    while (true) {
      int b = input.read();
      if (b < 0) {
        throw new PickleException("unexpected end of pickle inside a GLOBAL opcode");
      }
      if (b == '\n') {
        return bytes.toString(StandardCharsets.UTF_8);
      }
      bytes.write(b);
    }
  }

  static IObjectConstructor resolve(String module, String name) {
    String qualified = module + "." + name;
    switch (qualified) {
      case "collections.OrderedDict":
        return args -> new PyOrderedDict();
      case "mmcv.utils.config.ConfigDict":
      case "mmengine.config.config.ConfigDict":
      case "addict.addict.Dict":
        return args -> new PyConfigDict(args);
      case "torch._utils._rebuild_tensor_v2":
      case "torch._utils._rebuild_tensor":
        return args -> TensorRef.of(args, qualified);
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state":
        return args -> {
          if (args.length < 1 || !(args[0] instanceof TensorRef)) {
            throw new PickleException(qualified + " expects a tensor as its first argument, got " + describe(args));
          }
          return args[0];
        };
      case "torch._tensor._rebuild_from_type_v2":
        // (func, new_type, args, state): a tensor subclass; rebuild the plain tensor and drop the subclass
        return args -> {
          if (args.length < 3 || !(args[0] instanceof IObjectConstructor func) || !(args[2] instanceof Object[] a)) {
            throw new PickleException(qualified + " has unexpected arguments " + describe(args));
          }
          return func.construct(a);
        };
      default:
        break;
    }
    if (module.equals("torch") && name.endsWith("Storage")) {
      return TorchDtype.ofStorageName(name)
          .<IObjectConstructor>map(StorageType::new)
          .orElseGet(() -> new UnsupportedStorageType(qualified));
    }
    return args -> new PythonObject(qualified, Arrays.asList(args));
  }

  static String describe(Object value) {
    if (value instanceof Object[] array) {
      List<String> parts = new ArrayList<>();
      for (Object o : array) {
        parts.add(describe(o));
      }
      return "(" + String.join(", ", parts) + ")";
    }
    return String.valueOf(value);
  }

  /** {@code torch.FloatStorage} and friends: only ever used as a marker inside persistent ids. */
  record StorageType(TorchDtype dtype) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("torch." + dtype.storageName() + " cannot be constructed directly in a checkpoint");
    }
  }

  /** A storage class we cannot convert (e.g. complex or quantized); fails when a tensor uses it. */
  record UnsupportedStorageType(String qualifiedName) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException(qualifiedName + " cannot be constructed directly in a checkpoint");
    }
  }

  /** A storage referenced by a persistent id: which bytes, their type, and a view offset (legacy format). */
  record StorageRef(String key, TorchDtype dtype, long numel, long elementOffset) {}

  /** A tensor before its bytes are read: storage + offset + size + stride. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    static TensorRef of(Object[] args, String function) {
      if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
        throw new PickleException(function + " expects (storage, offset, size, stride, ...), got " + describe(args));
      }
      long[] size = longs(args[2], function + " size");
      long[] stride = longs(args[3], function + " stride");
      if (size.length != stride.length) {
        throw new PickleException(function + ": size " + Arrays.toString(size) + " and stride "
            + Arrays.toString(stride) + " differ in rank");
      }
      return new TensorRef(storage, ((Number) args[1]).longValue(), size, stride);
    }

    private static long[] longs(Object value, String what) {
      if (!(value instanceof Object[] tuple)) {
        throw new PickleException(what + " must be a tuple, got " + describe(value));
      }
      long[] out = new long[tuple.length];
      for (int i = 0; i < tuple.length; i++) {
        if (!(tuple[i] instanceof Number n)) {
          throw new PickleException(what + " must hold integers, got " + describe(value));
        }
        out[i] = n.longValue();
      }
      return out;
    }
  }

  /** {@code collections.OrderedDict}: a map that accepts (and ignores) the {@code _metadata} a state dict carries. */
  static final class PyOrderedDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    void setState(Object state) {
      // torch sets state_dict._metadata (module versions); we have no use for it
    }

    /** For Pyrolite's reflective BUILD, should the stock BUILD ever see this object. */
    public void __setstate__(HashMap<?, ?> state) {
      setState(state);
    }
  }

  /**
   * mmcv's {@code ConfigDict} (an addict {@code Dict}): pickled as {@code NEWOBJ} with the {@code (key, value)} pairs
   * as arguments, then the same pairs again by {@code SETITEMS} and a {@code BUILD} whose state is the object itself.
   * Read as an insertion-ordered map.
   */
  static final class PyConfigDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    PyConfigDict(Object[] args) {
      for (Object arg : args) {
        if (arg instanceof Object[] pair && pair.length == 2) {
          put(pair[0], pair[1]);
        }
      }
    }

    /** For Pyrolite's reflective BUILD, should the stock BUILD ever see this object: the state is the object. */
    public void __setstate__(PyConfigDict state) {
      // SETITEMS already filled the map
    }
  }

  /** Any other Python object: its class name, constructor arguments and BUILD state. */
  static final class PythonObject {
    final String className;
    final List<Object> args;
    Object state;

    PythonObject(String className, List<Object> args) {
      this.className = className;
      this.args = args;
    }

    void setState(Object state) {
      this.state = state;
    }
  }
}
