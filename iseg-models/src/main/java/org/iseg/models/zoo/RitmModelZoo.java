package org.iseg.models.zoo;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.Set;
import org.iseg.api.ProbabilityMap;
import org.iseg.models.external.IisInput;
import org.iseg.models.external.IisTranslatorFactory;

/**
 * DJL's way to RITM networks: a {@link ModelZoo} (group {@value #GROUP_ID}, found through
 * {@code META-INF/services/ai.djl.repository.zoo.ZooProvider}) whose one loader, {@value #ARTIFACT_ID}, turns a RITM
 * {@code .pth} checkpoint into a {@link ai.djl.repository.zoo.ZooModel} from
 * {@link org.iseg.models.external.IisInput} to {@link org.iseg.api.ProbabilityMap} (sigmoid of the network's
 * logits) or {@link org.iseg.api.Mask}. The predictor runs the plain network, RITM's base predictor without ZoomIn or
 * flips.
 *
 * <p>Two ways in. Through this zoo, the checkpoint is the argument {@value #CHECKPOINT_ARGUMENT} (below). Through
 * DJL's own loader, {@code optModelPath(checkpoint)} works with {@link IisBlockFactory} as the {@code blockFactory}:
 * {@link #checkpointCriteria(Path)} sets that up, and a {@code serving.properties} beside the file can too.
 *
 * <pre>{@code
 * Criteria<IisInput, ProbabilityMap> criteria = Criteria.builder()
 *     .setTypes(IisInput.class, ProbabilityMap.class)
 *     .optGroupId(RitmModelZoo.GROUP_ID)                  // optional: skips the other zoos
 *     .optArgument(RitmModelZoo.CHECKPOINT_ARGUMENT, Path.of("coco_lvis_h18s_itermask.pth"))
 *     .optEngine("PyTorch")
 *     .build();
 * try (ZooModel<IisInput, ProbabilityMap> model = criteria.loadModel();
 *     Predictor<IisInput, ProbabilityMap> predictor = model.newPredictor()) {
 *   ProbabilityMap y = predictor.predict(IisInput.of(image, List.of(Click.positive(40, 60, 0)), List.of()));
 * }
 * }</pre>
 */
public final class RitmModelZoo extends ModelZoo {
  /** The zoo's group id. */
  public static final String GROUP_ID = "org.iseg";
  /** The loader's artifact id. */
  public static final String ARTIFACT_ID = "ritm";
  /** The {@code Criteria} argument naming the checkpoint file (a {@code Path} or a path string). */
  public static final String CHECKPOINT_ARGUMENT = "checkpoint";

  /**
   * A {@code Criteria} builder that loads {@code checkpoint} (a RITM {@code .pth} or an iseg network folder) through
   * DJL's {@code optModelPath}: PyTorch engine,
   * {@link IisBlockFactory}, {@link org.iseg.models.external.IisTranslatorFactory}, no DJL parameter file. Chain
   * {@code setTypes(IisInput.class, Mask.class)} or {@code optArgument("threshold", ...)} as usual.
   *
   * <pre>{@code
   * try (ZooModel<IisInput, ProbabilityMap> model = RitmModelZoo.checkpointCriteria(pth).build().loadModel()) { ... }
   * }</pre>
   */
  public static Criteria.Builder<IisInput, ProbabilityMap> checkpointCriteria(Path checkpoint) {
    return Criteria.builder().setTypes(IisInput.class, ProbabilityMap.class)
        .optModelPath(checkpoint)
        .optEngine(RitmModelLoader.ENGINE)
        .optArgument("blockFactory", IisBlockFactory.class.getName())
        .optArgument("translatorFactory", IisTranslatorFactory.class.getName())
        .optOption("hasParameter", "false");
  }

  public RitmModelZoo() {
    addModel(new RitmModelLoader());
  }

  @Override
  public String getGroupId() {
    return GROUP_ID;
  }

  @Override
  public Set<String> getSupportedEngines() {
    return Set.of(RitmModelLoader.ENGINE);
  }
}
