/**
 * Datasets for interactive segmentation, in the shape of the IIS research framework: a {@link
 * org.iseg.data.SegDataset} yields images with their full annotation ({@link org.iseg.data.FullMask}); a
 * {@link org.iseg.data.RegionDataset} turns it into (image, binary target) pairs through a {@link
 * org.iseg.data.RegionSelector} and optional {@link org.iseg.data.Transform}s; an {@link
 * org.iseg.data.EvaluationDataset} fixes one target per sample. Standard datasets are opened by name through
 * {@link org.iseg.data.spi.DatasetProvider#registry()}.
 *
 * <pre>{@code
 * EvaluationDataset grabcut = DatasetProvider.registry().get("grabcut").openEvaluation(Path.of("data/GrabCut"));
 * EvaluationSample first = grabcut.get(0);   // "106024.jpg", its image and target (128 band = ignore)
 * }</pre>
 */
package org.iseg.data;
