package org.iseg.examples.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.iseg.engine.evaluation.EvaluationException;
import org.iseg.engine.evaluation.Evaluator;
import org.iseg.engine.evaluation.SampleRunner;
import org.iseg.engine.evaluation.SampleTask;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.SampleResult;
import scala.Tuple2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs an evaluation's samples on Apache Spark: the samples (of one or more datasets) are sharded over {@code
 * partitions} partitions by their position (partition {@code p} gets every sample {@code k} with {@code k mod
 * partitions == p}, so slow and fast images mix); each partition builds the {@link EvaluatorRecipe}'s evaluator,
 * loads the model once ({@link Evaluator#worker()}) and evaluates its samples with the evaluator's own per-sample
 * code. Results travel back as the resume log's JSON lines, partition by partition as each finishes, and the
 * driver's {@link Evaluator} merges them into the same log, JSON, CSV and table as a local run.
 *
 * <pre>{@code
 * EvaluatorRecipe recipe = () -> Evaluator.builder().dataset(openGrabCut()).model(MyModel::load).modelName("m");
 * try (JavaSparkContext spark = SparkMaster.connect("local[2]", Map.of(), Duration.ofSeconds(60))) {
 *   EvaluationReport report = recipe.builder().runner(new SparkSampleRunner(spark, recipe, 2))
 *       .outputDir(Path.of("runs/spark")).build().run();
 * }
 * }</pre>
 *
 * <p>A partition's results reach the driver when the whole partition is done, so the progress line moves (and an
 * interrupted job resumes) a partition at a time; more partitions ({@code partitions}) give finer steps at the
 * cost of loading the model more often.
 */
public final class SparkSampleRunner implements SampleRunner {
  /** The position of a partition's failure line. */
  private static final int FAILED = -1;
  private final JavaSparkContext spark;
  private final EvaluatorRecipe recipe;
  private final int partitions;

  /**
   * @param partitions number of partitions (each loads the model once); {@code 0} = Spark's default parallelism
   *     (the cores of a local master, all executors' cores on a cluster)
   */
  public SparkSampleRunner(JavaSparkContext spark, EvaluatorRecipe recipe, int partitions) {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be 0 (Spark's default) or more, got " + partitions);
    }
    this.spark = Objects.requireNonNull(spark, "spark");
    this.recipe = Objects.requireNonNull(recipe, "recipe");
    this.partitions = partitions;
  }

  @Override
  public void run(List<SampleTask> tasks, Results results) {
    int n = Math.max(1, Math.min(tasks.size(), partitions > 0 ? partitions : spark.defaultParallelism()));
    // One element per partition: the positions k ≡ p (mod n), so parallelize's slicing keeps the sharding.
    List<List<Tuple2<Integer, SampleTask>>> shards = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      shards.add(new ArrayList<>());
    }
    for (int k = 0; k < tasks.size(); k++) {
      shards.get(k % n).add(new Tuple2<>(k, tasks.get(k)));
    }
    spark.setJobDescription("iseg evaluate: " + tasks.size() + " samples of "
        + tasks.stream().map(SampleTask::datasetName).distinct().toList() + " in " + n + " partitions");
    JavaRDD<Tuple2<Integer, String>> lines = spark.parallelize(shards, n).mapPartitions(new EvaluatePartition(recipe));
    // Each partition's results are handed over as soon as it finishes (logged, so a killed job resumes from there).
    Merge merge = new Merge(tasks, results);
    try {
      spark.sc().runJob(lines.rdd(), new Drain(), merge, ClassTag$.MODULE$.apply(ArrayList.class));
    } catch (Exception e) {   // Scala throws SparkException, a checked exception Java does not see declared
      throw executorFailure(e);
    }
    if (merge.refused != null) {
      throw merge.refused;
    }
  }

  /** Spark's own failure (a lost executor, a task that threw outside the evaluator) as Spark reports it. */
  private static RuntimeException executorFailure(Exception e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  /** On an executor: a partition's (position, JSON line) pairs as one list. */
  private static final class Drain
      extends AbstractFunction1<scala.collection.Iterator<Tuple2<Integer, String>>, ArrayList<Tuple2<Integer, String>>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ArrayList<Tuple2<Integer, String>> apply(scala.collection.Iterator<Tuple2<Integer, String>> lines) {
      ArrayList<Tuple2<Integer, String>> out = new ArrayList<>();
      while (lines.hasNext()) {
        out.add(lines.next());
      }
      return out;
    }
  }

  /** On the driver, once per finished partition (Spark calls it from one thread): hands the results over. */
  private static final class Merge extends AbstractFunction2<Object, ArrayList<Tuple2<Integer, String>>, BoxedUnit> {
    private final List<SampleTask> tasks;
    private final Results results;
    private boolean stopped;
    private RuntimeException refused;

    Merge(List<SampleTask> tasks, Results results) {
      this.tasks = tasks;
      this.results = results;
    }

    @Override
    public BoxedUnit apply(Object partition, ArrayList<Tuple2<Integer, String>> lines) {
      for (Tuple2<Integer, String> line : lines) {
        if (stopped || refused != null) {
          break;
        }
        if (line._1() == FAILED) {
          refused = new EvaluationException("a Spark executor could not evaluate its partition: " + line._2());
          break;
        }
        try {
          stopped = !results.accept(tasks.get(line._1()), ResultsJson.parseSampleLine(line._2()));
        } catch (RuntimeException e) {
          refused = e;   // thrown on the calling thread once the job ends, not into Spark's scheduler
        }
      }
      return BoxedUnit.UNIT;
    }
  }

  /** On an executor: one evaluator and one model for the partition, every sample through its worker. */
  private static final class EvaluatePartition
      implements FlatMapFunction<Iterator<List<Tuple2<Integer, SampleTask>>>, Tuple2<Integer, String>> {
    private static final long serialVersionUID = 1L;
    private final EvaluatorRecipe recipe;

    EvaluatePartition(EvaluatorRecipe recipe) {
      this.recipe = recipe;
    }

    @Override
    public Iterator<Tuple2<Integer, String>> call(Iterator<List<Tuple2<Integer, SampleTask>>> shards) {
      List<Tuple2<Integer, String>> out = new ArrayList<>();
      if (!shards.hasNext()) {
        return out.iterator();
      }
      // A sample that fails comes back as a failed result; what fails outside one (the model cannot load here, the
      // data cannot be opened) comes back as one FAILED line, so the driver reports the evaluator's own message.
      try {
        Evaluator evaluator = recipe.builder().noProgress().noTable().plots(false).build();
        try (Evaluator.SampleWorker worker = evaluator.worker()) {
          while (shards.hasNext()) {
            for (Tuple2<Integer, SampleTask> t : shards.next()) {
              SampleResult r = worker.evaluate(t._2().dataset(), t._2().index());
              out.add(new Tuple2<>(t._1(), ResultsJson.sampleLine(r)));
            }
          }
        }
      } catch (RuntimeException e) {
        out.add(new Tuple2<>(FAILED, e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
      }
      return out.iterator();
    }
  }
}
