/**
 * Image segmentation (not interactive): {@link org.iseg.engine.segmentation.Mask2FormerPredictor}, EasyCV's
 * {@code Mask2formerPredictor} with its test pipeline ({@link org.iseg.engine.segmentation.MmcvTestPipeline}) and
 * instance / panoptic / semantic post-processing ({@link org.iseg.engine.segmentation.Mask2FormerPostprocess}).
 */
package org.iseg.engine.segmentation;
