/**
 * Published pretrained weights ({@link org.iseg.models.zoo.PretrainedRegistry}), their download into a local cache
 * ({@link org.iseg.models.zoo.WeightsDownloader}), and DJL model-zoo integration:
 * {@link org.iseg.models.zoo.RitmModelZoo} loads RITM checkpoints through {@code Criteria}.
 */
package org.iseg.models.zoo;
