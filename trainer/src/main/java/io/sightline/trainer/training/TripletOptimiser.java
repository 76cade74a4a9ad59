package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.function.Function;

/**
 * A block on DJL's PyTorch engine (its default device: the CPU here, a GPU where the engine has one) with Adam and
 * a cosine learning-rate schedule from {@code learningRate} down to 1 % of it over {@code totalSteps}. The
 * triplet loss is computed by the caller, so the training config's loss is a placeholder DJL requires.
 */
final class TripletOptimiser implements AutoCloseable {

    static final String ENGINE = "PyTorch";

    private final Model model;
    private final Trainer trainer;

    TripletOptimiser(String name, Block block, float learningRate, int totalSteps, Shape... inputShapes) {
        Engine engine = Engine.getEngine(ENGINE);
        Device device = engine.defaultDevice();
        this.model = Model.newInstance(name, device, ENGINE);
        model.setBlock(block);
        Tracker schedule = totalSteps > 1
                ? Tracker.cosine()
                        .setBaseValue(learningRate)
                        .optFinalValue(learningRate / 100)
                        .setMaxUpdates(totalSteps)
                        .build()
                : Tracker.fixed(learningRate);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build())
                .optDevices(new Device[] {device});
        this.trainer = model.newTrainer(config);
        trainer.initialize(inputShapes);
    }

    NDManager newManager() {
        return trainer.getManager().newSubManager();
    }

    /** Forward in training mode (records the graph inside a gradient collector). */
    NDList forward(NDList inputs) {
        return trainer.forward(inputs);
    }

    /** Forward in inference mode, for mining and measuring. */
    NDList evaluate(NDList inputs) {
        return trainer.evaluate(inputs);
    }

    /**
     * One update: the loss built by {@code loss} (in a fresh NDManager, inside a gradient collector) is
     * back-propagated and the optimiser steps. Returns the loss before the update.
     */
    float step(Function<NDManager, NDArray> loss) {
        float value;
        try (NDManager manager = newManager()) {
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray l = loss.apply(manager);
                gc.backward(l);
                value = l.getFloat();
            }
            trainer.step();
        }
        return value;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
