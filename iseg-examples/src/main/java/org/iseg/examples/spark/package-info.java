/**
 * NoC evaluation on Apache Spark ({@code iseg evaluate --spark MASTER}): {@link
 * org.iseg.examples.spark.SparkSampleRunner} shards an {@link org.iseg.engine.evaluation.Evaluator}'s samples over
 * Spark partitions, each building the same evaluation from a serializable {@link
 * org.iseg.examples.spark.EvaluatorRecipe} and loading the model once; {@link org.iseg.examples.spark.SparkMaster}
 * starts the context with a bounded wait for the master. Spark stays in this module so the library jars do not
 * depend on it.
 */
package org.iseg.examples.spark;
