/**
 * Worked examples: short, compiled and tested programs that show how to extend and use iseg.
 *
 * <ul>
 *   <li>{@link org.iseg.examples.worked.ImageMaskFolderDataset}: a dataset of your own by subclassing
 *       {@link org.iseg.data.SegDataset} (through {@link org.iseg.data.ImageFileDataset});
 *   <li>{@link org.iseg.examples.worked.FirstErrorRobot} and its
 *       {@link org.iseg.examples.worked.FirstErrorRobotProvider}: a clicking robot of your own, found by name
 *       through {@link java.util.ServiceLoader};
 *   <li>{@link org.iseg.examples.worked.IouPerClick}: running {@code Interactions.fullInference} from your code
 *       and measuring IoU after every click.
 * </ul>
 */
package org.iseg.examples.worked;
