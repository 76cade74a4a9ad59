package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.sightline.pooling.Region;
import io.sightline.pooling.RegionGrid;

/**
 * Level (b): the whole descriptor as one differentiable network, backbone (a trainable TorchScript block), R-MAC
 * region max-pooling on the grid of {@link RegionGrid#tolias} (the one the pipeline uses), L2 per region, then the
 * {@link RMacHeadBlock}. Input: one image {@code [1, 3, H, W]}; output: its {@code [1, D]} descriptor.
 */
final class FineTuneBlock extends AbstractBlock {

    private final Block backbone;
    private final RMacHeadBlock head;
    private final int outputIndex;
    private final int levels;

    /** @param outputIndex position of the pooled layer in the backbone's output tuple */
    FineTuneBlock(Block backbone, RMacHeadBlock head, int outputIndex, int levels) {
        super((byte) 1);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
        this.outputIndex = outputIndex;
        this.levels = levels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray map = backbone.forward(store, inputs, training, params).get(outputIndex);
        Shape s = map.getShape();
        NDList regions = new NDList();
        for (Region r : RegionGrid.tolias((int) s.get(2), (int) s.get(3), levels)) {
            NDArray window =
                    map.get(new NDIndex(":, :, {}:{}, {}:{}", r.y(), r.y() + r.height(), r.x(), r.x() + r.width()));
            // PtNDArray reduces one axis at a time.
            regions.add(TripletLoss.l2(window.max(new int[] {3}).max(new int[] {2}), 1));
        }
        NDArray stacked = NDArrays.stack(regions, 1);
        NDArray mask = stacked.getManager().ones(new Shape(1, regions.size()));
        return head.forward(store, new NDList(stacked, mask), training, params);
    }

    /** The backbone's weights come loaded from TorchScript; only the head needs initial values. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        head.initialize(manager, dataType, new Shape(1, 1, head.inputDim()), new Shape(1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), 1, head.inputDim())});
    }
}
