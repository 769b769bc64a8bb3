/**
 * Initial-click samplers for training ({@link org.iseg.clicking.sampling.InitialClickSampler}): none, uniform,
 * stratified grid and RITM's {@link org.iseg.clicking.sampling.MultiPointSampler}.
 */
package org.iseg.clicking.sampling;
