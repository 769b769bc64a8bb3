package org.iseg.models.nn;

import java.util.List;

/**
 * A state dict does not fit a network: names what is missing, what is unexpected and which shapes differ.
 *
 * <pre>{@code
 * try { ... } catch (StateDictMismatchException e) { e.missing().forEach(System.err::println); }
 * }</pre>
 */
public final class StateDictMismatchException extends IllegalArgumentException {
  private static final int SHOWN = 12;
  private final String source;
  private final List<String> missing;
  private final List<String> unexpected;
  private final List<String> shapeMismatches;

  public StateDictMismatchException(String source, List<String> missing, List<String> unexpected,
      List<String> shapeMismatches) {
    super(message(source, missing, unexpected, shapeMismatches));
    this.source = source;
    this.missing = List.copyOf(missing);
    this.unexpected = List.copyOf(unexpected);
    this.shapeMismatches = List.copyOf(shapeMismatches);
  }

  public String source() {
    return source;
  }

  /** Parameters of the network that the state dict lacks. */
  public List<String> missing() {
    return missing;
  }

  /** Tensors of the state dict that name no parameter of the network. */
  public List<String> unexpected() {
    return unexpected;
  }

  /** "name: checkpoint has [..], network expects [..]" for every shape mismatch. */
  public List<String> shapeMismatches() {
    return shapeMismatches;
  }

  private static String message(String source, List<String> missing, List<String> unexpected,
      List<String> mismatched) {
    StringBuilder sb = new StringBuilder("state dict ").append(source)
        .append(" does not fit the network (is it a checkpoint of another architecture?):");
    append(sb, "missing", missing);
    append(sb, "unexpected", unexpected);
    append(sb, "shape mismatch", mismatched);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String what, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    sb.append("\n  ").append(items.size()).append(' ').append(what).append(": ");
    sb.append(String.join(", ", items.subList(0, Math.min(SHOWN, items.size()))));
    if (items.size() > SHOWN) {
      sb.append(", ... (").append(items.size() - SHOWN).append(" more)");
    }
  }
}
