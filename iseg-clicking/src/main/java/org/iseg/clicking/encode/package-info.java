/**
 * Click encoders: disks, distance maps and gaussians, for all clicks or the latest ones, registered as
 * {@link org.iseg.api.spi.ClickEncoderProvider}s ({@code disks}, {@code distance}, {@code gaussian} and their
 * {@code -last} variants).
 */
package org.iseg.clicking.encode;
