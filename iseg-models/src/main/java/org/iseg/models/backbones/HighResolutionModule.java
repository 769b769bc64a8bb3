package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;
import org.iseg.models.nn.Ops;

/**
 * One multi-resolution module of HRNet ({@code HighResolutionModule} in RITM's {@code hrnet_ocr.py}): parallel
 * branches of {@link ResidualBlocks.Basic} blocks, then every output resolution sums all branches (lower
 * resolutions through a 1x1 convolution + batch norm and bilinear upsampling with {@code align_corners=True},
 * higher ones through strided 3x3 convolutions), then ReLU. Input and output: one array per branch.
 *
 * <pre>{@code
 * HighResolutionModule m = new HighResolutionModule(new int[] {18, 36}, 2, true);
 * }</pre>
 */
public final class HighResolutionModule extends TorchModule {
  private final int numBranches;
  private final ModuleList branches;
  private final ModuleList fuseLayers;

  /**
   * @param channels channels per branch (input = output, basic blocks have expansion 1)
   * @param numBlocks basic blocks per branch
   * @param multiScaleOutput whether every resolution is output (else only the highest)
   */
  public HighResolutionModule(int[] channels, int numBlocks, boolean multiScaleOutput) {
    numBranches = channels.length;
    List<Block> branchList = new ArrayList<>();
    for (int c : channels) {
      List<Block> blocks = new ArrayList<>();
      for (int k = 0; k < numBlocks; k++) {
        blocks.add(new ResidualBlocks.Basic(c, c, 1, 1, 1, Optional.empty()));
      }
      branchList.add(Sequential.of(blocks));
    }
    branches = child("branches", new ModuleList(branchList));
    if (numBranches == 1) {
      fuseLayers = null;
      return;
    }
    List<Block> fuse = new ArrayList<>();
    for (int i = 0; i < (multiScaleOutput ? numBranches : 1); i++) {
      List<Block> row = new ArrayList<>();
      for (int j = 0; j < numBranches; j++) {
        if (j > i) {
          row.add(Sequential.of(Conv2dBlock.builder(channels[j], channels[i]).kernel(1).noBias().build(),
              new BatchNorm2dBlock(channels[i])));
        } else if (j == i) {
          row.add(null);
        } else {
          List<Block> downs = new ArrayList<>();
          for (int k = 0; k < i - j; k++) {
            boolean last = k == i - j - 1;
            int out = last ? channels[i] : channels[j];
            Conv2dBlock conv = Conv2dBlock.builder(channels[j], out).kernel(3).stride(2).padding(1).noBias().build();
            downs.add(last ? Sequential.of(conv, new BatchNorm2dBlock(out))
                : Sequential.of(conv, new BatchNorm2dBlock(out), Activations.relu()));
          }
          row.add(Sequential.of(downs));
        }
      }
      fuse.add(new ModuleList(row));
    }
    fuseLayers = child("fuse_layers", new ModuleList(fuse));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    if (inputs.size() != numBranches) {
      throw new IllegalArgumentException("HRNet module expects " + numBranches + " branches, got " + inputs.size());
    }
    NDArray[] x = new NDArray[numBranches];
    for (int i = 0; i < numBranches; i++) {
      x[i] = call1(branches.get(i).orElseThrow(), ps, inputs.get(i), training);
    }
    if (numBranches == 1) {
      return new NDList(x[0]);
    }
    NDList fused = new NDList();
    for (int i = 0; i < fuseLayers.size(); i++) {
      ModuleList row = (ModuleList) fuseLayers.get(i).orElseThrow();
      NDArray y = i == 0 ? x[0] : call1(row.get(0).orElseThrow(), ps, x[0], training);
      for (int j = 1; j < numBranches; j++) {
        NDArray next;
        if (i == j) {
          next = y.add(x[j]);
        } else if (j > i) {
          NDArray low = call1(row.get(j).orElseThrow(), ps, x[j], training);
          NDArray up = release(training,
              Ops.resizeBilinearAlignCorners(low, x[i].getShape().get(2), x[i].getShape().get(3)), low);
          next = release(training, y.add(up), up);
        } else {
          NDArray down = call1(row.get(j).orElseThrow(), ps, x[j], training);
          next = release(training, y.add(down), down);
        }
        // y is a temporary except when it is the branch output x[0] itself (first row).
        y = y == x[0] ? next : release(training, next, y);
      }
      fused.add(reluFree(y, training));
    }
    for (NDArray branchOut : x) {
      release(training, null, branchOut);
    }
    return fused;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return fuseLayers == null || fuseLayers.size() == numBranches
        ? inputShapes.clone()
        : new Shape[] {inputShapes[0]};
  }
}
