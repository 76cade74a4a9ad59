package io.sightline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SelfSupervisedRun.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which model a self-supervised run hands on: the best epoch on the held-out-photo check among those that gain
 * {@link SelfSupervisedRun#MIN_GAIN} on it without losing more than {@link SelfSupervisedRun#MAX_PLACE_LOSS} on the
 * held-out places, else the unadapted model (epoch 0). The figures are those of the Paris runs of decision 033.
 */
class SelfSupervisedChoiceTest {

    private static SelfSupervisedRun.Result choose(Checks unadapted, Checks... epochs) {
        Map<Integer, Checks> byEpoch = new LinkedHashMap<>();
        for (int e = 0; e < epochs.length; e++) {
            byEpoch.put(e + 1, epochs[e]);
        }
        return SelfSupervisedRun.Result.choose(null, unadapted, byEpoch);
    }

    @Test
    void aGainWithinTheNoiseKeepsTheUnadaptedModel() {
        // All 250 photos: epoch 10 gains 0.0027 on held-out photos; loo moved by +0.0004.
        SelfSupervisedRun.Result r = choose(
                new Checks(0.9283, 0.8656, 0.4602),
                new Checks(0.8785, 0.9065, 0.4558),
                new Checks(0.9242, 0.9018, 0.4549),
                new Checks(0.9310, 0.9021, 0.4540));
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(r.chosenEpoch()).isZero();
        assertThat(r.improves()).isFalse();
    }

    @Test
    void aGainOnThePlaceCheckAloneIsNotEnough() {
        // Epoch 1 above gained 0.04 on held-out places while loo fell 0.016: that check does not choose.
        SelfSupervisedRun.Result r = choose(new Checks(0.9283, 0.8656, 0.4602), new Checks(0.8785, 0.9065, 0.4558));
        assertThat(r.chosenEpoch()).isZero();
    }

    @Test
    void theBestEpochThatGainsWithoutForgettingPlacesIsChosen() {
        SelfSupervisedRun.Result r = choose(
                new Checks(0.90, 0.80, 0.3),
                new Checks(0.92, 0.80, 0.3),
                new Checks(0.97, 0.70, 0.3), // best on photos, but forgets the held-out places
                new Checks(0.94, 0.797, 0.3));
        assertThat(r.bestEpoch()).isEqualTo(2);
        assertThat(r.chosenEpoch()).isEqualTo(3);
        assertThat(r.improves()).isTrue();
    }
}
