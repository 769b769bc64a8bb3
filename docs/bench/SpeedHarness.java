import static org.iseg.api.Interactions.fullInference;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.iseg.api.*;
import org.iseg.api.spi.*;
import org.iseg.data.*;
import org.iseg.data.spi.*;
import org.iseg.engine.predictors.*;

/**
 * Per-click cost of one iseg build on fixed work, written against API that every iseg version since d262619 has,
 * so the same source runs on an old build's jars and on the current ones (the old builds have no
 * {@code iseg bench evaluation CHECKPOINT}): RITM's hrnet18s-style checkpoint behind RITM's predictor (eval mode cvpr:
 * ZoomIn + flip), the {@code ritm} robot, K clicks on each of the first N GrabCut samples. Prints wall and process
 * CPU seconds per click and a hash of every click (row, col, sign), which must be equal between builds.
 *
 * <pre>
 * DNNL_MAX_CPU_ISA=SSE41 java -Dai.djl.pytorch.num_threads=1 -cp "BUILD/iseg-examples/target/*:BUILD/iseg-examples/target/lib/*" \
 *     docs/bench/SpeedHarness.java GRABCUT_DIR CHECKPOINT N K
 * </pre>
 */
public class SpeedHarness {
  static long cpu() { return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }
  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]); Path ck = Path.of(a[1]); int n = Integer.parseInt(a[2]); int k = Integer.parseInt(a[3]);
    EvaluationDataset ds = DatasetProvider.registry().get("grabcut").openEvaluation(root);
    try (IisModel model = RitmPredictor.fromRitmCheckpoint(ck, Presets.evalMode("cvpr", "GrabCut"))) {
      ClickingRobot warm = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0));
      EvaluationSample w = ds.get(0);
      fullInference(model, warm, w.image(), w.target(), 2);
      long c0 = cpu(), t0 = System.nanoTime(), modelNanos = 0; int clicks = 0;
      StringBuilder seq = new StringBuilder();
      for (int i = 0; i < Math.min(n, ds.size()); i++) {
        EvaluationSample s = ds.get(i);
        ClickingRobot robot = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0));
        InteractionTrace trace = fullInference(model, robot, s.image(), s.target(), k);
        for (InteractionStep step : trace.steps()) {
          clicks++; modelNanos += step.modelNanos();
          for (Click c : step.newClicks()) seq.append(c.positive() ? '+' : '-').append(c.row()).append(',').append(c.col()).append(' ');
        }
        seq.append('\n');
      }
      double wall = (System.nanoTime() - t0) / 1e9, cpu = (cpu() - c0) / 1e9;
      System.out.printf("clicks %d  wall %.3f s/click  model wall %.3f s/click  process CPU %.3f s/click  load %.1f%n", clicks, wall / clicks, modelNanos / 1e9 / clicks, cpu / clicks, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.println("clickhash " + seq.toString().hashCode());
      java.nio.file.Files.writeString(Path.of(System.getProperty("seq.out", "speed-clicks.txt")), seq.toString());
    }
  }
}
