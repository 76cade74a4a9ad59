package io.sightline.app.cli;

import picocli.CommandLine.Command;

/** Documents {@code ./sightline test}; the launcher runs it directly with Maven. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Runs every test of every module (mvn verify): unit, topology, integration on an",
            "in-process Kafka broker and schema registry, and the Oxford evaluation on real photos.",
            "Extra arguments go to Maven, e.g. ./sightline test -pl retrieval-core -Dtest=ShardIndexTest"
        })
public final class TestCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Run it through the launcher: ./sightline test [maven arguments]");
    }
}
