/**
 * EasyCV's Mask2Former (universal image segmentation: instance, panoptic, semantic) built from an EasyCV export's own
 * config: {@link org.iseg.models.mask2former.Mask2FormerModel} imports the checkpoint,
 * {@link org.iseg.models.mask2former.Mask2FormerNetwork} is the network (EasyCV ResNet, multi-scale deformable
 * attention pixel decoder, masked-attention transformer decoder), {@link org.iseg.models.mask2former.Mask2FormerConfig}
 * the parts of the config it reads. Post-processing lives in the engine ({@code engine.segmentation}).
 */
package org.iseg.models.mask2former;
