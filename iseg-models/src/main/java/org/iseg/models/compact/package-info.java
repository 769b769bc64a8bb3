/**
 * The compact ITER-M network ({@link org.iseg.models.compact.CompactIisNet}), registered as the {@code compact}
 * {@link org.iseg.models.NetworkProvider}, and the default network that ships with iseg ({@link
 * org.iseg.models.compact.DefaultNetwork}).
 */
package org.iseg.models.compact;
