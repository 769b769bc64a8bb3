/**
 * Seeded, composable augmentations of an image with its masks ({@link org.iseg.data.transforms.Transforms}) and
 * the final normalisation to float CHW ({@link org.iseg.api.Normalization}, shared with the networks).
 */
package org.iseg.data.transforms;
