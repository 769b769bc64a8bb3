/**
 * Backbones by name ({@link org.iseg.models.backbones.BackboneProvider}): RITM's HRNetV2+OCR ({@code hrnet18s},
 * {@code hrnet18}, {@code hrnet32}) and DeepLabV3+ on ResNet-34 ({@code resnet34}).
 */
package org.iseg.models.backbones;
