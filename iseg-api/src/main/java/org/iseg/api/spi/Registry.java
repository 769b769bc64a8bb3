package org.iseg.api.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Providers of one kind, by name: the single lookup helper behind every SPI of iseg.
 *
 * <pre>{@code
 * Registry<RobotProvider> robots = Registry.load(RobotProvider.class, "robot");
 * ClickingRobot robot = robots.get("ritm").create(RobotConfig.ofSeed(0));
 * }</pre>
 *
 * Names are matched case-insensitively; two providers with the same name are an error.
 */
public final class Registry<P extends NamedProvider> {
  private final String kind;
  private final Map<String, P> byName;

  private Registry(String kind, Map<String, P> byName) {
    this.kind = kind;
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Every provider of {@code type} on the class path of {@code type}'s class loader. */
  public static <P extends NamedProvider> Registry<P> load(Class<P> type, String kind) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<P> found = new ArrayList<>();
    for (P provider : ServiceLoader.load(type, loader == null ? type.getClassLoader() : loader)) {
      found.add(provider);
    }
    if (loader != null && loader != type.getClassLoader() && found.isEmpty()) {
      ServiceLoader.load(type, type.getClassLoader()).forEach(found::add);
    }
    return of(kind, found);
  }

  /** A registry of the given providers (for tests and for applications that wire plug-ins themselves). */
  public static <P extends NamedProvider> Registry<P> of(String kind, Collection<? extends P> providers) {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("registry kind must be a non-empty name");
    }
    Map<String, P> byName = new TreeMap<>();
    for (P provider : providers) {
      String name = provider.name();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            kind + " provider " + provider.getClass().getName() + " has an empty name");
      }
      String key = name.toLowerCase(Locale.ROOT);
      P previous = byName.putIfAbsent(key, provider);
      if (previous != null) {
        throw new IllegalStateException(
            "two " + kind + " providers are named '" + name + "': " + previous.getClass().getName()
                + " and " + provider.getClass().getName() + "; remove one jar from the class path");
      }
    }
    return new Registry<>(kind, byName);
  }

  /** The provider named {@code name}; an unknown name fails with the list of available names. */
  public P get(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(kind + " name must be non-empty; available: " + String.join(", ", names()));
    }
    P provider = byName.get(name.toLowerCase(Locale.ROOT));
    if (provider == null) {
      throw new UnknownNameException(kind, name, names());
    }
    return provider;
  }

  public boolean contains(String name) {
    return name != null && byName.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Available names, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** All providers, sorted by name. */
  public List<P> providers() {
    return List.copyOf(byName.values());
  }

  public String kind() {
    return kind;
  }
}
