/**
 * Metrics of click-based interactive segmentation, computed exactly as RITM computes them: IoU over
 * non-ignored pixels, NoC@t / NoF@t, the mIoU-after-k-clicks curve, seconds per click; plus the result files
 * (JSON, CSV), RITM's printed table and a PNG plot of the curves.
 *
 * <p>Measurement is apart from running: the evaluator in {@code iseg-engine} produces {@link
 * org.iseg.metrics.SampleResult}s (per-sample IoU curves and clicks); everything here is a function of those.
 */
package org.iseg.metrics;
