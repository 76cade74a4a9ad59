package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.sightline.whitening.Whitening;

/**
 * The R-MAC head after region pooling, as a network (the "PCA as a layer" of Gordo et al.): each L2-normalised
 * region vector is shifted and projected, {@code y = P (x - m)}, L2-normalised, the regions of an image summed,
 * and the sum L2-normalised. {@code m} and {@code P} start as a PCA-whitening and are learned. Its output is
 * exactly what {@link io.sightline.pooling.RMac#whitened} computes with the exported {@link Whitening}, so a
 * trained head is served by the ordinary pipeline.
 *
 * <p>Input: {@code regions [N, R, d]} (images padded to the same region count) and {@code mask [N, R]} (1 for a
 * real region, 0 for padding). Output: {@code [N, D]} unit descriptors.
 */
public final class RMacHeadBlock extends AbstractBlock {

    private final int inputDim;
    private final int outputDim;
    private final Parameter shift;
    private final Parameter projection;

    public RMacHeadBlock(Whitening init) {
        super((byte) 1);
        this.inputDim = init.inputDimension();
        this.outputDim = init.outputDimension();
        float[] mean = init.mean();
        float[] p = init.projection();
        this.shift = addParameter(Parameter.builder()
                .setName("shift")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(inputDim))
                .optInitializer((manager, shape, type) -> manager.create(mean, shape))
                .build());
        this.projection = addParameter(Parameter.builder()
                .setName("projection")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outputDim, inputDim))
                .optInitializer((manager, shape, type) -> manager.create(p, shape))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray regions = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray m = store.getValue(shift, regions.getDevice(), training);
        NDArray p = store.getValue(projection, regions.getDevice(), training);
        NDArray y = TripletLoss.l2(regions.sub(m).matMul(p.transpose()), 2);
        NDArray summed = y.mul(mask.expandDims(2)).sum(new int[] {1});
        return new NDList(TripletLoss.l2(summed, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim)};
    }

    public int inputDim() {
        return inputDim;
    }

    /** The current shift and projection as the whitening the pipeline applies per region. */
    public Whitening whitening(String name) {
        return new Whitening(
                shift.getArray().toFloatArray(), projection.getArray().toFloatArray(), outputDim, name);
    }
}
