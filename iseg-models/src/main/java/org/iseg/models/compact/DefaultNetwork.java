package org.iseg.models.compact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.iseg.models.IisNetwork;
import org.iseg.models.zoo.ModelFiles;

/**
 * The network that ships with iseg: a {@link CompactIisNet} ITER-M network trained on BSDS500 regions (train + val
 * without the images shared with GrabCut/Berkeley, plus most of the test split), stored as an ordinary network file
 * ({@value #WEIGHTS}) in the resource folder {@value #RESOURCE_DIR} and read by {@link ModelFiles} like any exported
 * network. It is small and CPU-friendly, not a replacement for RITM's published models (see {@code
 * model.properties} there for how it was trained and what it scores).
 *
 * <pre>{@code
 * try (IisNetwork net = DefaultNetwork.load()) { ... }
 * }</pre>
 */
public final class DefaultNetwork {
  /** The name reports give it. */
  public static final String NAME = "iseg-default";
  /** Resource folder of the default network. */
  public static final String RESOURCE_DIR = "/org/iseg/models/compact/default-model/";
  /** Its network file in {@link #RESOURCE_DIR}. */
  public static final String WEIGHTS = "iseg-default.safetensors";

  private DefaultNetwork() {}

  /** A new instance of the default network; the caller closes it. */
  public static IisNetwork load() {
    try {
      return ModelFiles.loadResource(DefaultNetwork.class, RESOURCE_DIR + WEIGHTS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default network " + RESOURCE_DIR + WEIGHTS + ": "
          + e.getMessage(), e);
    }
  }

  /** The facts recorded with the default network (training run, scores). */
  public static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = DefaultNetwork.class.getResourceAsStream(RESOURCE_DIR + "model.properties")) {
      if (in == null) {
        throw new IllegalStateException("the default network's description " + RESOURCE_DIR + "model.properties is "
            + "missing from the class path; rebuild iseg-models");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE_DIR + "model.properties", e);
    }
    return p;
  }
}
