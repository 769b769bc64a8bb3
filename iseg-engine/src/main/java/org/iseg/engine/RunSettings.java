package org.iseg.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Settings a resumable run (training, evaluation) records beside its results, and the comparison that tells a user
 * exactly what changed when a rerun does not match: {@code "crop was 320x480, now 256x256"}.
 */
public final class RunSettings {
  private RunSettings() {}

  /** One {@code "key was A, now B"} per differing key, keys in order; a key missing on one side reads "(not set)". */
  public static List<String> differences(Map<String, String> was, Map<String, String> now) {
    TreeSet<String> keys = new TreeSet<>(was.keySet());
    keys.addAll(now.keySet());
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      String a = was.getOrDefault(key, "(not set)");
      String b = now.getOrDefault(key, "(not set)");
      if (!a.equals(b)) {
        out.add(key + " was " + a + ", now " + b);
      }
    }
    return out;
  }
}
