package org.iseg.models.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/**
 * Registers {@link RitmModelZoo} with DJL ({@code META-INF/services/ai.djl.repository.zoo.ZooProvider}), so
 * {@code Criteria.loadModel()} finds it without an explicit {@code optModelZoo}.
 *
 * <pre>{@code
 * ModelZoo zoo = ModelZoo.getModelZoo(RitmModelZoo.GROUP_ID);
 * }</pre>
 */
public final class RitmZooProvider implements ZooProvider {
  @Override
  public ModelZoo getModelZoo() {
    return new RitmModelZoo();
  }
}
