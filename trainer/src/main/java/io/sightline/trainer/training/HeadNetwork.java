package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.sightline.whitening.Whitening;
import java.util.ArrayList;
import java.util.List;

/**
 * Level (a): the {@link RMacHeadBlock} trained on precomputed region vectors of the frozen backbone, one image =
 * one {@code [R, d]} array of L2-normalised region vectors. Images are padded to the largest region count of a
 * batch and masked.
 */
public final class HeadNetwork implements TripletNetwork {

    private static final int DESCRIBE_BATCH = 64;

    private final List<float[][]> regions;
    private final RMacHeadBlock block;
    private final TripletOptimiser optimiser;
    private final float margin;

    public HeadNetwork(List<float[][]> regions, Whitening init, float learningRate, int totalSteps, float margin) {
        this.regions = List.copyOf(regions);
        this.block = new RMacHeadBlock(init);
        this.margin = margin;
        this.optimiser = new TripletOptimiser(
                "rmac-head", block, learningRate, totalSteps, new Shape(1, 1, init.inputDimension()), new Shape(1, 1));
    }

    @Override
    public List<float[]> describeAll() {
        List<float[]> out = new ArrayList<>(regions.size());
        for (int from = 0; from < regions.size(); from += DESCRIBE_BATCH) {
            List<float[][]> chunk = regions.subList(from, Math.min(regions.size(), from + DESCRIBE_BATCH));
            try (NDManager manager = optimiser.newManager()) {
                NDArray d = optimiser.evaluate(pack(manager, chunk)).singletonOrThrow();
                for (int i = 0; i < chunk.size(); i++) {
                    out.add(d.get(i).toFloatArray());
                }
            }
        }
        return out;
    }

    @Override
    public float loss(List<Triplet> batch) {
        try (NDManager manager = optimiser.newManager()) {
            return lossOf(optimiser.evaluate(pack(manager, streams(batch))).singletonOrThrow(), batch.size())
                    .getFloat();
        }
    }

    @Override
    public float step(List<Triplet> batch) {
        return optimiser.step(manager ->
                lossOf(optimiser.forward(pack(manager, streams(batch))).singletonOrThrow(), batch.size()));
    }

    @Override
    public NetworkState state() {
        return optimiser.state();
    }

    @Override
    public void restore(NetworkState state) {
        optimiser.restore(state);
    }

    @Override
    public Whitening whitening(String name) {
        return block.whitening(name);
    }

    @Override
    public void close() {
        optimiser.close();
    }

    /** Anchors, then positives, then negatives: the three streams in one forward pass through shared weights. */
    private List<float[][]> streams(List<Triplet> batch) {
        List<float[][]> all = new ArrayList<>(3 * batch.size());
        batch.forEach(t -> all.add(regions.get(t.anchor())));
        batch.forEach(t -> all.add(regions.get(t.positive())));
        batch.forEach(t -> all.add(regions.get(t.negative())));
        return all;
    }

    private NDArray lossOf(NDArray descriptors, int b) {
        return TripletLoss.of(
                descriptors.get(new NDIndex("0:{}", b)),
                descriptors.get(new NDIndex("{}:{}", b, 2 * b)),
                descriptors.get(new NDIndex("{}:", 2 * b)),
                margin);
    }

    /** {@code [N, Rmax, d]} region vectors (zero padded) and the {@code [N, Rmax]} mask of real regions. */
    static NDList pack(NDManager manager, List<float[][]> images) {
        int rmax = images.stream().mapToInt(r -> r.length).max().orElseThrow();
        int d = images.getFirst()[0].length;
        float[] values = new float[images.size() * rmax * d];
        float[] mask = new float[images.size() * rmax];
        for (int i = 0; i < images.size(); i++) {
            float[][] r = images.get(i);
            for (int j = 0; j < r.length; j++) {
                System.arraycopy(r[j], 0, values, (i * rmax + j) * d, d);
                mask[i * rmax + j] = 1f;
            }
        }
        return new NDList(
                manager.create(values, new Shape(images.size(), rmax, d)),
                manager.create(mask, new Shape(images.size(), rmax)));
    }
}
