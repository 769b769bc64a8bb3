/**
 * Published pretrained weights ({@link org.iseg.models.zoo.PretrainedRegistry}), their download into a local cache
 * ({@link org.iseg.models.zoo.WeightsDownloader}), and DJL model-zoo integration for external models.
 */
package org.iseg.models.zoo;
