/**
 * Backbones by name ({@link org.iseg.models.backbones.BackboneProvider}): RITM's HRNetV2+OCR ({@code hrnet18s},
 * {@code hrnet18}, {@code hrnet32}) and DeepLabV3+ on ResNet-34 v1b ({@code resnet34})
 * and ResNet-50 v1s ({@code resnet50}).
 */
package org.iseg.models.backbones;
