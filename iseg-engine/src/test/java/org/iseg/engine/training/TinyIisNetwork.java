package org.iseg.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;
import org.iseg.models.IisNetwork;
import org.iseg.models.NetOutput;
import org.iseg.models.NetworkConfig;
import org.iseg.models.nn.StateDicts;

/**
 * A two-convolution ITER-M network (image, previous mask and a Gaussian map per click sign in; logits and aux
 * logits out) that trains in a fraction of a second, for testing the training loop without HRNet's cost.
 */
final class TinyIisNetwork implements IisNetwork {
  private final TinyBlock block = new TinyBlock();
  private final NDManager manager;
  private final ParameterStore store;

  TinyIisNetwork() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8), new Shape(1, 1, 8, 8), new Shape(1, 2, 3));
    store = new ParameterStore(manager, false);
  }

  @Override
  public NetOutput forward(NDArray image, Optional<NDArray> prevMask, NDArray points) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDList out = block.forward(store, new NDList(image, prevMask.orElseThrow(), points), false);
      return new NetOutput(out.get(0), Optional.of(out.get(1)));
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  @Override
  public boolean withPrevMask() {
    return true;
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public NetworkConfig config() {
    return NetworkConfig.ritm("tiny-test");
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public long parameterCount() {
    return StateDicts.trainableCount(block);
  }

  @Override
  public void close() {
    manager.close();
  }

  private static final class TinyBlock extends AbstractBlock {
    private final Block features;
    private final Block head;
    private final Block aux;

    TinyBlock() {
      features = addChildBlock("feature_extractor",
          Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build());
      head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
      aux = addChildBlock("aux_head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray image = inputs.get(0);
      NDArray prev = inputs.get(1);
      NDArray maps = clickMaps(image.getManager(), inputs.get(2), image.getShape());
      NDArray x = image.concat(prev, 1).concat(maps, 1);
      NDArray f = Activation.leakyRelu(features.forward(ps, new NDList(x), training).head(), 0.01f);
      return new NDList(head.forward(ps, new NDList(f), training).head(), aux.forward(ps, new NDList(f), training).head());
    }

    /** exp(-d^2 / 50) to the nearest click of each sign; no parameters. */
    private static NDArray clickMaps(NDManager m, NDArray points, Shape imageShape) {
      int b = (int) imageShape.get(0);
      int h = (int) imageShape.get(2);
      int w = (int) imageShape.get(3);
      int n = (int) points.getShape().get(1) / 2;
      float[] p = points.toFloatArray();
      float[] out = new float[b * 2 * h * w];
      for (int k = 0; k < b; k++) {
        for (int sign = 0; sign < 2; sign++) {
          int base = (k * 2 + sign) * h * w;
          for (int i = 0; i < n; i++) {
            int at = (k * 2 * n + sign * n + i) * 3;
            if (p[at] < 0) {
              continue;
            }
            for (int r = 0; r < h; r++) {
              for (int c = 0; c < w; c++) {
                float d2 = (r - p[at]) * (r - p[at]) + (c - p[at + 1]) * (c - p[at + 1]);
                out[base + r * w + c] = Math.max(out[base + r * w + c], (float) Math.exp(-d2 / 50f));
              }
            }
          }
        }
      }
      return m.create(out, new Shape(b, 2, h, w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape s = inputShapes[0];
      Shape out = new Shape(s.get(0), 1, s.get(2), s.get(3));
      return new Shape[] {out, out};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
      Shape s = inputShapes[0];
      features.initialize(m, dataType, new Shape(s.get(0), 6, s.get(2), s.get(3)));
      head.initialize(m, dataType, new Shape(s.get(0), 8, s.get(2), s.get(3)));
      aux.initialize(m, dataType, new Shape(s.get(0), 8, s.get(2), s.get(3)));
    }
  }
}
