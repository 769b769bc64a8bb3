package org.iseg.examples.spark;

import java.io.Serializable;
import org.iseg.engine.evaluation.Evaluator;

/**
 * How to build an evaluation — datasets, model factory, robot, protocol, model name — as a serializable recipe, so
 * the driver and every Spark executor build the same {@link Evaluator}: the driver adds the {@link
 * SparkSampleRunner}, output folder and progress; executors take its {@link Evaluator#worker()}. Everything it
 * opens must be reachable from every executor (dataset folders and model files on a shared path).
 */
@FunctionalInterface
public interface EvaluatorRecipe extends Serializable {

  /**
   * A builder with the datasets, {@code model(...)}, robot, robot seed, protocol, pipeline and (so the driver
   * need not load a model) {@code modelName(...)} set; called once on the driver and once per partition.
   */
  Evaluator.Builder builder();
}
