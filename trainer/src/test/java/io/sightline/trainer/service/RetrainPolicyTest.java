package io.sightline.trainer.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {

    private final RetrainPolicy policy = new RetrainPolicy(5, Duration.ofHours(24));
    private final Instant lastRun = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void enoughChangesTriggerAtOnce() {
        assertTrue(policy.due(5, lastRun, lastRun.plusSeconds(1)));
        assertFalse(policy.due(4, lastRun, lastRun.plusSeconds(1)));
    }

    @Test
    void theScheduleTriggersOnlyWhenSomethingChanged() {
        Instant dayLater = lastRun.plus(Duration.ofHours(24));
        assertTrue(policy.due(1, lastRun, dayLater));
        assertFalse(policy.due(0, lastRun, dayLater.plus(Duration.ofDays(30))));
        assertFalse(policy.due(1, lastRun, dayLater.minusMillis(1)));
    }

    @Test
    void rejectsSettingsThatNeverOrAlwaysTrigger() {
        assertThrows(IllegalArgumentException.class, () -> new RetrainPolicy(0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetrainPolicy(1, Duration.ZERO));
    }
}
