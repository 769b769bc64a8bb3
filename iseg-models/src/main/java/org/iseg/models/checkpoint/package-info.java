/**
 * Checkpoints: reading PyTorch {@code .pth} files ({@link org.iseg.models.checkpoint.TorchCheckpoint}, no Python
 * needed) and iseg's own checkpoint format.
 *
 * <pre>{@code
 * TorchCheckpoint ckpt = TorchCheckpoint.read(Path.of("coco_lvis_h18s_itermask.pth"));
 * for (TensorData t : ckpt.stateDict().values()) { ... }
 * }</pre>
 */
package org.iseg.models.checkpoint;
