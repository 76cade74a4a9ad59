package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A block on DJL's PyTorch engine (its default device: the CPU here, a GPU where the engine has one) with Adam and
 * a cosine learning-rate schedule from {@code learningRate} down to 1 % of it over {@code totalSteps}. The
 * triplet loss is computed by the caller, so the training config's loss is a placeholder DJL requires. Its weights
 * and Adam's moments can be read ({@link #state}) and put back ({@link #restore}), by parameter name, so a killed
 * run resumes with exactly the numbers it stopped with.
 */
final class TripletOptimiser implements AutoCloseable {

    static final String ENGINE = "PyTorch";

    private final Model model;
    private final Trainer trainer;
    private final ResumableAdam adam;

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
        this.adam = new ResumableAdam(schedule);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam).optDevices(new Device[] {device});
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

    /** Every parameter's values and Adam's moments for it, by the parameter's name in the block. */
    NetworkState state() {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, float[]> means = new LinkedHashMap<>();
        Map<String, float[]> variances = new LinkedHashMap<>();
        Integer steps = null;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            Parameter parameter = p.getValue();
            values.put(p.getKey(), parameter.getArray().toFloatArray());
            float[][] moments = adam.moments(parameter.getId());
            if (moments == null) {
                continue;
            }
            means.put(p.getKey(), moments[0]);
            variances.put(p.getKey(), moments[1]);
            int s = adam.steps(parameter.getId());
            if (steps != null && s != steps) {
                throw new IllegalStateException(
                        "parameters updated unevenly: " + p.getKey() + " " + s + " times, others " + steps);
            }
            steps = s;
        }
        return new NetworkState(steps == null ? 0 : steps, values, means, variances);
    }

    /** Puts back a {@link #state} of a network built the same way; names and sizes must match. */
    void restore(NetworkState state) {
        int restored = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            Parameter parameter = p.getValue();
            NDArray weight = parameter.getArray();
            float[] values = state.parameters().get(p.getKey());
            if (values == null || values.length != weight.size()) {
                throw new IllegalArgumentException("saved training state does not fit this network: parameter "
                        + p.getKey() + " has " + weight.size() + " values, the state "
                        + (values == null ? "none" : values.length));
            }
            weight.set(FloatBuffer.wrap(values));
            float[] mean = state.means().get(p.getKey());
            if (mean != null) {
                adam.restore(
                        parameter.getId(),
                        weight,
                        state.steps(),
                        mean,
                        state.variances().get(p.getKey()));
            }
            restored++;
        }
        if (restored != state.parameters().size()) {
            throw new IllegalArgumentException(
                    "saved training state has " + state.parameters().size() + " parameters, this network " + restored);
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
