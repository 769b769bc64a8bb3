/**
 * Building blocks that mirror PyTorch modules ({@code Conv2d}, {@code BatchNorm2d}, {@code Sequential},
 * {@code ModuleList}, RITM's {@code ScaleLayer}) so that a DJL block tree has PyTorch's state-dict names
 * ({@link org.iseg.models.nn.StateDicts}), plus the align-corners bilinear resize RITM uses
 * ({@link org.iseg.models.nn.Ops}) and, for transformers, {@code Linear}, {@code LayerNorm}, {@code GroupNorm},
 * {@code MultiheadAttention} and PyTorch-exact bilinear resize / {@code grid_sample}
 * ({@link org.iseg.models.nn.Bilinear}).
 */
package org.iseg.models.nn;
