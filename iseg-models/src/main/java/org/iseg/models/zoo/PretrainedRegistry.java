package org.iseg.models.zoo;

import java.net.URI;
import java.util.List;
import org.iseg.api.spi.Registry;

/**
 * The official pretrained checkpoints, by name.
 *
 * <pre>{@code
 * Registry<PretrainedWeights> ritm = PretrainedRegistry.ritm();
 * ritm.names();  // [coco_lvis_h18_baseline, coco_lvis_h18_itermask, coco_lvis_h18s_itermask, ...]
 * }</pre>
 *
 * <p>RITM's release v1.0 (links and sizes from RITM's README). Their exact byte sizes and SHA-256 digests are not
 * published, so a download is checked by being a readable PyTorch checkpoint only; once someone has a verified copy,
 * add the digest here with {@link PretrainedWeights#withChecks}.
 */
public final class PretrainedRegistry {
  private static final String RITM_RELEASE =
      "https://github.com/saic-vul/ritm_interactive_segmentation/releases/download/v1.0/";

  private static final List<PretrainedWeights> RITM = List.of(
      ritm("coco_lvis_h18s_itermask", "hrnet18s", "COCO+LVIS", true, "16.5 MB"),
      ritm("coco_lvis_h18_itermask", "hrnet18", "COCO+LVIS", true, "38.8 MB"),
      ritm("coco_lvis_h32_itermask", "hrnet32", "COCO+LVIS", true, "119 MB"),
      ritm("coco_lvis_h18_baseline", "hrnet18", "COCO+LVIS", false, "38.8 MB"),
      ritm("sbd_h18_itermask", "hrnet18", "SBD", true, "38.8 MB"));

  private static final String EASYCV_ZOO =
      "http://pai-vision-data-hz.oss-cn-zhangjiakou.aliyuncs.com/EasyCV/modelzoo/segmentation/";

  /** The exports EasyCV's Mask2Former article links (R50 backbone; sizes not published). */
  private static final List<PretrainedWeights> MASK2FORMER = List.of(
      PretrainedWeights.of("mask2former_instance_export",
          URI.create(EASYCV_ZOO + "mask2former_r50_instance/mask2former_instance_export.pth"), "mask2former-r50",
          "COCO instances (80 classes)", false, "size not published"),
      PretrainedWeights.of("mask2former_pan_export",
          URI.create(EASYCV_ZOO + "mask2former_r50_panoptic/mask2former_pan_export.pth"), "mask2former-r50",
          "COCO panoptic (133 classes)", false, "size not published"),
      PretrainedWeights.of("mask2former_semantic_export",
          URI.create(EASYCV_ZOO + "mask2former_r50_semantic/mask2former_semantic_export.pth"), "mask2former-r50",
          "ADE20K (150 classes)", false, "size not published"));

  private PretrainedRegistry() {}

  private static PretrainedWeights ritm(String name, String architecture, String data, boolean iterative,
      String size) {
    return PretrainedWeights.of(name, URI.create(RITM_RELEASE + name + ".pth"), architecture, data, iterative, size);
  }

  /** RITM's published checkpoints. */
  public static Registry<PretrainedWeights> ritm() {
    return Registry.of("pretrained weights", RITM);
  }

  /**
   * EasyCV's Mask2Former exports from the article "使用EasyCV Mask2Former轻松实现图像分割" (instance, panoptic,
   * semantic; for {@code org.iseg.models.mask2former.Mask2FormerModel}).
   */
  public static Registry<PretrainedWeights> mask2former() {
    return Registry.of("Mask2Former export", MASK2FORMER);
  }

  /** A registry of other weights (a local mirror, a lab's own models). */
  public static Registry<PretrainedWeights> of(List<PretrainedWeights> weights) {
    return Registry.of("pretrained weights", weights);
  }
}
