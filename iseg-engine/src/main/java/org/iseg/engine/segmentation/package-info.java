/**
 * Image segmentation: {@link org.iseg.engine.segmentation.Mask2FormerPredictor}, EasyCV's
 * {@code Mask2formerPredictor} with its test pipeline ({@link org.iseg.engine.segmentation.MmcvTestPipeline}) and
 * instance / panoptic / semantic post-processing ({@link org.iseg.engine.segmentation.Mask2FormerPostprocess}); and
 * the same network as an interactive model, {@link org.iseg.engine.segmentation.Mask2FormerClickModel} (the model
 * {@code mask2former}), whose clicks select among the image's query masks
 * ({@link org.iseg.engine.segmentation.QueryMasks}).
 */
package org.iseg.engine.segmentation;
