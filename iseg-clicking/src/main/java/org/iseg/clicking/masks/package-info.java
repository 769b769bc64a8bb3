/**
 * Mask operations for robots and samplers: RITM's exact L2 distance transform ({@link
 * org.iseg.clicking.masks.DistanceField}), connected components, largest region, morphology that never empties a
 * mask, RITM's border band. OpenCV does the pixel work behind {@code CvBridge}, the one place that converts
 * pixel buffers to and from {@code Mat}; native memory is released before each call returns.
 */
package org.iseg.clicking.masks;
