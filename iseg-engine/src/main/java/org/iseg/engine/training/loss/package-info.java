/**
 * Training losses of RITM on DJL NDArrays, differentiable with DJL's autograd: the normalized focal loss,
 * sigmoid binary cross-entropy and their weighted sum over the main and auxiliary outputs.
 *
 * <pre>{@code
 * RitmLoss loss = RitmLoss.hrnetDefaults();
 * try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
 *   gc.backward(loss.total(out.instances(), out.instancesAux(), labels));
 * }
 * }</pre>
 */
package org.iseg.engine.training.loss;
