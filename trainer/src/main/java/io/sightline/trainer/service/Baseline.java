package io.sightline.trainer.service;

import io.sightline.bundle.BundleModel;
import io.sightline.bundle.CodebookShape;
import io.sightline.bundle.ModelBundle;
import io.sightline.descriptor.DescriptorExtractor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a candidate must beat: the served bundle's recorded figure, or the default descriptor measured now. */
public interface Baseline {

    /** The baseline's score on the queries that {@code eval} keeps for these training images. */
    HeldOutScore.Score score(HeldOutScore eval, Set<String> trainingImages) throws Exception;

    /** Which model the figure belongs to, for the decision log. */
    String describe();

    /**
     * The codebooks the served model carries, which a published candidate must carry too (else a new generation
     * would stop serving the pq / ivfpq modes); empty for none.
     */
    default Optional<CodebookShape> codebooks() {
        return Optional.empty();
    }

    /** An extractor with what must be closed after it. */
    record Opened(DescriptorExtractor extractor, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    /** Opens the default descriptor of the pipeline (the CLI builds it from the configuration). */
    @FunctionalInterface
    interface Opener {
        Opened open() throws Exception;
    }

    /**
     * A bundle being served: the figure recorded in its manifest by the run that published it; a bundle published
     * some other way (no such figure) is measured now with the same evaluation.
     */
    static Baseline servedBundle(Path bundleDir, int threads) {
        return new Baseline() {
            @Override
            public HeldOutScore.Score score(HeldOutScore eval, Set<String> trainingImages) throws Exception {
                ModelBundle bundle = ModelBundle.read(bundleDir);
                Map<String, Double> figures = bundle.manifest().figures();
                if (figures.containsKey(HeldOutScore.MAP)) {
                    return new HeldOutScore.Score(
                            figures.get(HeldOutScore.MAP),
                            figures.getOrDefault(HeldOutScore.QUERIES, 0.0).intValue());
                }
                try (BundleModel.Opened opened = BundleModel.open(bundle.verifyBackbone(), threads, Map.of())) {
                    return eval.score(opened.extractor(), trainingImages);
                }
            }

            @Override
            public String describe() {
                return "served bundle " + bundleDir;
            }

            @Override
            public Optional<CodebookShape> codebooks() {
                return CodebookShape.of(ModelBundle.read(bundleDir));
            }
        };
    }

    /** The default descriptor, measured in the run that asks (no bundle was published yet). */
    static Baseline defaultDescriptor(Opener opener) {
        return new Baseline() {
            @Override
            public HeldOutScore.Score score(HeldOutScore eval, Set<String> trainingImages) throws Exception {
                try (Opened opened = opener.open()) {
                    return eval.score(opened.extractor(), trainingImages);
                }
            }

            @Override
            public String describe() {
                return "default descriptor";
            }
        };
    }
}
