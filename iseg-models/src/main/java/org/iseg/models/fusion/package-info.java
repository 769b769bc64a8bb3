/**
 * The network around a backbone (RITM's {@code ISModel}): click encoding ({@link org.iseg.models.fusion.DistMaps}),
 * previous mask, early or intermediate fusion ({@link org.iseg.models.fusion.Fusion}), upsampled logits.
 */
package org.iseg.models.fusion;
