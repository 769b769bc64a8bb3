/**
 * Segmentation metrics of the field, each reproducing its reference tool to the last bit on
 * {@code shared/golden/metrics}: panoptic quality ({@link org.iseg.metrics.segmentation.PanopticQuality}, as
 * panopticapi's {@code pq_compute}), COCO mask and box AP/AR ({@link org.iseg.metrics.segmentation.CocoEval}, as
 * pycocotools' {@code COCOeval}) and semantic aAcc/mIoU ({@link
 * org.iseg.metrics.segmentation.SemanticSegmentationMetrics}, as mmsegmentation's {@code IoUMetric} and EasyCV's
 * {@code SegmentationEvaluator}).
 *
 * <p>Inputs are the COCO formats (panoptic PNG + {@code segments_info} JSON, instances JSON, results JSON with
 * RLE, label PNGs) or their in-memory forms ({@link org.iseg.metrics.segmentation.PanopticImage}, {@link
 * org.iseg.metrics.segmentation.CocoInstance}, {@link org.iseg.metrics.segmentation.CocoDetection}, {@code int[]}
 * label maps). RLE decoding is {@code org.iseg.api.coco.CocoMasks}, shared with the data module's COCO loader.
 */
package org.iseg.metrics.segmentation;
