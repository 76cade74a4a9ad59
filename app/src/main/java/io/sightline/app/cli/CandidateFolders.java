package io.sightline.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Where the collection trainer builds a candidate model: one folder per collection and level, named by a hash of the
 * collection's image names, so a pass killed mid-training and started again (same collection) finds its mining and
 * training state there and resumes (decision 040). A finished pass removes its folder; folders of collections that
 * changed since a killed pass are removed by the next pass.
 */
final class CandidateFolders {

    private final Path root;

    /** @param root the service's {@code candidates} folder */
    CandidateFolders(Path root) {
        this.root = root;
    }

    /** The candidate folder of this collection at this level; the same for the same names in any order. */
    Path of(Collection<String> names, String level) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        names.stream().sorted().forEach(n -> {
            sha.update(n.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        });
        return root.resolve(level.toLowerCase(Locale.ROOT) + "-"
                + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    }

    /** Removes every candidate folder but {@code keep}, with their mining folders beside them. */
    void removeAllBut(Path keep) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        String name = keep.getFileName().toString();
        String mining = SelfSupervisedRun.workDir(keep).getFileName().toString();
        List<Path> others;
        try (Stream<Path> s = Files.list(root)) {
            others = s.filter(p -> !p.getFileName().toString().equals(name)
                            && !p.getFileName().toString().equals(mining))
                    .toList();
        }
        for (Path p : others) {
            remove(p);
        }
    }

    /** Removes a candidate folder and its mining folder. */
    void remove(Path candidate) throws IOException {
        FileUtils.deleteDirectory(candidate.toFile());
        FileUtils.deleteDirectory(SelfSupervisedRun.workDir(candidate).toFile());
    }
}
