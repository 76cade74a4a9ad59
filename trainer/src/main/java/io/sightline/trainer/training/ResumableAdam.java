package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DJL's Adam, the same update step for step ({@code ResumableAdamTest} checks it against DJL's own), whose moment
 * estimates and step counts can be read and restored: DJL keeps them private, and without them a killed training
 * run could only start again from its first epoch. Moments and counts are keyed by the parameter ids the DJL
 * trainer passes; {@link TripletOptimiser} maps them to parameter names, which survive a restart.
 */
final class ResumableAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();

    ResumableAdam(ParameterTracker learningRate) {
        super(new Builder());
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        if (!Float.isFinite(corrected)) {
            throw new IllegalStateException("learning rate is " + corrected + " at step " + t + " of " + parameterId);
        }
        NDList inputs = new NDList(
                weight,
                grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        lr,
                        corrected,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true,
                        false);
    }

    /** Updates made to this parameter so far; 0 before its first. */
    int steps(String parameterId) {
        return steps.getOrDefault(parameterId, 0);
    }

    /** The first (mean) and second (variance) moment estimates of a parameter, or null before its first update. */
    float[][] moments(String parameterId) {
        Map<Device, NDArray> m = means.get(parameterId);
        Map<Device, NDArray> v = variances.get(parameterId);
        if (m == null || v == null) {
            return null;
        }
        return new float[][] {only(m).toFloatArray(), only(v).toFloatArray()};
    }

    /** Puts back what {@link #moments} and {@link #steps} read, for a parameter shaped like {@code weight}. */
    void restore(String parameterId, NDArray weight, int stepsDone, float[] mean, float[] variance) {
        steps.put(parameterId, stepsDone);
        means.put(parameterId, state(weight, mean));
        variances.put(parameterId, state(weight, variance));
    }

    private static Map<Device, NDArray> state(NDArray weight, float[] values) {
        if (values.length != weight.size()) {
            throw new IllegalArgumentException(
                    "optimiser state of " + values.length + " values for a parameter of shape " + weight.getShape());
        }
        NDArray s = weight.getManager().create(values, weight.getShape());
        // Detached as DJL's Adam detaches its state: it lives as long as the optimiser, not a step's manager.
        s.detach();
        Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
        byDevice.put(weight.getDevice(), s);
        return byDevice;
    }

    private static NDArray only(Map<Device, NDArray> byDevice) {
        if (byDevice.size() != 1) {
            throw new IllegalStateException("optimiser state on " + byDevice.size() + " devices; expected one");
        }
        return byDevice.values().iterator().next();
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
