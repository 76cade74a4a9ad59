package io.sightline.trainer.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.sightline.whitening.Whitening;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Level (b): the float TorchScript backbone loaded trainable ({@code trainParam=true}, see the shared models
 * README) with the R-MAC head, fine-tuned end to end. Images have different sizes, so each runs through the
 * network on its own; a batch's descriptors are stacked before the loss, so one backward pass covers the batch.
 */
public final class BackboneNetwork implements TripletNetwork {

    private final List<ImageTensor> images;
    private final ZooModel<NDList, NDList> torchScript;
    private final PtSymbolBlock backbone;
    private final RMacHeadBlock head;
    private final TripletOptimiser optimiser;
    private final float margin;

    /** @param outputIndex position of the pooled layer in the module's output tuple */
    public BackboneNetwork(
            Path torchScriptFile,
            List<ImageTensor> images,
            int outputIndex,
            int levels,
            Whitening init,
            float learningRate,
            int totalSteps,
            float margin) {
        this.images = List.copyOf(images);
        this.margin = margin;
        try {
            this.torchScript = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(torchScriptFile)
                    .optEngine(TripletOptimiser.ENGINE)
                    .optTranslator(new NoopTranslator())
                    // Without it the weights are inference tensors and the optimiser cannot update them.
                    .optOption("trainParam", "true")
                    .build()
                    .loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException(
                    "cannot load TorchScript backbone " + torchScriptFile + " for training: " + e.getMessage(), e);
        }
        this.backbone = (PtSymbolBlock) torchScript.getBlock();
        this.head = new RMacHeadBlock(init);
        ImageTensor first = images.getFirst();
        this.optimiser = new TripletOptimiser(
                "rmac-finetune",
                new FineTuneBlock(backbone, head, outputIndex, levels),
                learningRate,
                totalSteps,
                new Shape(1, 3, first.height(), first.width()));
    }

    @Override
    public List<float[]> describeAll() {
        List<float[]> out = new ArrayList<>(images.size());
        for (ImageTensor image : images) {
            try (NDManager manager = optimiser.newManager()) {
                out.add(optimiser
                        .evaluate(new NDList(input(manager, image)))
                        .singletonOrThrow()
                        .toFloatArray());
            }
        }
        return out;
    }

    @Override
    public float loss(List<Triplet> batch) {
        try (NDManager manager = optimiser.newManager()) {
            return lossOf(manager, batch, false).getFloat();
        }
    }

    @Override
    public float step(List<Triplet> batch) {
        return optimiser.step(manager -> lossOf(manager, batch, true));
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
        return head.whitening(name);
    }

    /** Saves the fine-tuned backbone as plain TorchScript, loadable by DJL's PyTorch engine and by torch. */
    public void writeTorchScript(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            JniUtils.writeModule(backbone, out, false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the fine-tuned backbone to " + file, e);
        }
    }

    @Override
    public void close() {
        optimiser.close();
        torchScript.close();
    }

    private NDArray lossOf(NDManager manager, List<Triplet> batch, boolean training) {
        NDList anchors = new NDList();
        NDList positives = new NDList();
        NDList negatives = new NDList();
        for (Triplet t : batch) {
            anchors.add(describe(manager, images.get(t.anchor()), training));
            positives.add(describe(manager, images.get(t.positive()), training));
            negatives.add(describe(manager, images.get(t.negative()), training));
        }
        return TripletLoss.of(rows(anchors), rows(positives), rows(negatives), margin);
    }

    /** NDArrays.concat of a single array returns a copy cut from the graph, so a one-triplet batch keeps its own. */
    private static NDArray rows(NDList descriptors) {
        return descriptors.size() == 1 ? descriptors.singletonOrThrow() : NDArrays.concat(descriptors);
    }

    private NDArray describe(NDManager manager, ImageTensor image, boolean training) {
        NDList in = new NDList(input(manager, image));
        return (training ? optimiser.forward(in) : optimiser.evaluate(in)).singletonOrThrow();
    }

    private static NDArray input(NDManager manager, ImageTensor image) {
        return manager.create(FloatBuffer.wrap(image.chw()), new Shape(1, 3, image.height(), image.width()));
    }
}
