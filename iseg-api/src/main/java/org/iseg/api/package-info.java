/**
 * The core of iseg: images, masks, probabilities, clicks, the {@link org.iseg.api.IisModel} interface, the
 * oracle ({@link org.iseg.api.ClickingRobot}), click encoders, and the interaction loop
 * {@link org.iseg.api.Interactions#fullInference}. Plain Java with no dependencies.
 */
package org.iseg.api;
