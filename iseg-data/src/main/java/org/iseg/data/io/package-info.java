/**
 * Image, label-mask and {@code .mat} file input/output; the only place in iseg-data that touches OpenCV
 * {@code Mat}s ({@link org.iseg.data.io.ImageFiles}, {@link org.iseg.data.io.OpenCvImages}) or MATLAB files
 * ({@link org.iseg.data.io.MatFiles}); COCO annotation entries as JSON for the COCO writers
 * ({@link org.iseg.data.io.CocoAnnotationJson}).
 */
package org.iseg.data.io;
