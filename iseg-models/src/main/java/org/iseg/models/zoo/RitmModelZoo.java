package org.iseg.models.zoo;

import ai.djl.repository.zoo.ModelZoo;
import java.util.Set;

/**
 * DJL's way to RITM networks: a {@link ModelZoo} (group {@value #GROUP_ID}, found through
 * {@code META-INF/services/ai.djl.repository.zoo.ZooProvider}) whose one loader, {@value #ARTIFACT_ID}, turns a RITM
 * {@code .pth} checkpoint into a {@link ai.djl.repository.zoo.ZooModel} from
 * {@link org.iseg.models.external.IisInput} to {@link org.iseg.api.ProbabilityMap} (sigmoid of the network's
 * logits) or {@link org.iseg.api.Mask}. The predictor runs the plain network, RITM's base predictor without ZoomIn or
 * flips.
 *
 * <p>The checkpoint is passed as the argument {@value #CHECKPOINT_ARGUMENT}: DJL's {@code optModelPath} always
 * searches its own local zoo (which cannot read a pickled state dict), so it is not the way in here.
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
