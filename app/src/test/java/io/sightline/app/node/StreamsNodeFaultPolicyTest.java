package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.BackboneClosedException;
import io.sightline.streams.index.ShardStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** Which stream-thread deaths are retried (thread replaced) and which stop the application. */
class StreamsNodeFaultPolicyTest {
    @Test
    void aShardThatCannotBeWrittenStopsTheApplication() {
        ShardStorageException storage = new ShardStorageException(
                Path.of("/state/index/0_1/descriptor-index"),
                "cannot commit",
                new UncheckedIOException(new IOException("No space left on device")));
        assertThat(StreamsNode.responseTo("index", new StreamsException("task 0_1 failed", storage)))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(storage.getMessage())
                .contains("/state/index/0_1/descriptor-index")
                .contains("No space left");
    }

    @Test
    void aBackboneClosedByAStopStopsTheApplicationInsteadOfReplacingTheThread() {
        assertThat(StreamsNode.responseTo(
                        "extract",
                        new StreamsException(
                                "task 0_3 failed",
                                new BackboneClosedException(
                                        "backbone m.onnx@12345678 is closed (the process is stopping)"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void transientFaultsReplaceTheThreadSoTheRecordIsReadAgain() {
        assertThat(StreamsNode.responseTo("extract", new StreamsException("registry", new TimeoutException("t"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
