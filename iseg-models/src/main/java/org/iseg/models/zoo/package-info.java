/**
 * Where networks come from: the network file formats, read and written in one place ({@link
 * org.iseg.models.zoo.ModelFiles}), published pretrained weights ({@link org.iseg.models.zoo.PretrainedRegistry}),
 * their download into a local cache ({@link org.iseg.models.zoo.WeightsDownloader}), and DJL model-zoo integration:
 * {@link org.iseg.models.zoo.RitmModelZoo} and {@link org.iseg.models.zoo.IisBlockFactory} load any network file
 * through {@code Criteria}.
 */
package org.iseg.models.zoo;
