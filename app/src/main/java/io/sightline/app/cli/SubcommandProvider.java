package io.sightline.app.cli;

/**
 * A top-level command contributed by a module that is on the class path only for some runs: the benchmarks module
 * registers {@code bench} this way (META-INF/services), and the launcher puts it on the class path only for
 * {@code ./sightline bench ...}, so benchmark code never ships with the product's commands.
 */
public interface SubcommandProvider {
    /** An instance of a picocli {@code @Command} class. */
    Object command();
}
