package org.iseg.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The three exports EasyCV's Mask2Former article links. */
class Mask2FormerRegistryTest {
  @Test
  void theArticlesExportsAreKnownByName() {
    var registry = PretrainedRegistry.mask2former();
    assertEquals(List.of("mask2former_instance_export", "mask2former_pan_export", "mask2former_semantic_export"),
        registry.names().stream().sorted().toList());
    PretrainedWeights pan = registry.get("mask2former_pan_export");
    assertEquals("http://pai-vision-data-hz.oss-cn-zhangjiakou.aliyuncs.com/EasyCV/modelzoo/segmentation/"
        + "mask2former_r50_panoptic/mask2former_pan_export.pth", pan.url().toString());
    assertEquals("mask2former_pan_export.pth", pan.fileName());
  }
}
