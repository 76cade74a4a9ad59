package io.sightline.trainer.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run's state after its last finished epoch, in one file beside the epoch checkpoints: written after
 * every epoch (to a temporary file, then moved over the old one, so a kill leaves either the old or the new state),
 * read back when the same run starts again. "The same run" is a hash of everything that decides the numbers (the
 * run's description: data, labels, level, epochs, batch, learning rate, margin, seed); a state of any other run is
 * ignored, never half-applied.
 *
 * @param run     the hash of the run's description
 * @param loop    the epoch loop's position and random generator
 * @param network weights and optimiser moments
 */
public record TrainingState(String run, LoopState loop, NetworkState network) {

    /** The file's name in a checkpoints folder. */
    public static final String FILE = "training-state.bin";

    private static final Logger log = LoggerFactory.getLogger(TrainingState.class);
    private static final int MAGIC = 0x534c5453; // "SLTS"
    private static final int VERSION = 1;

    /** The hash that names a run, of a description that changes whenever anything deciding its numbers does. */
    public static String runOf(String description) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The state of {@code run} in {@code checkpoints}, if one is there; a state of another run is ignored. */
    public static Optional<TrainingState> read(Path checkpoints, String run) {
        Path file = checkpoints.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                log.warn("not resuming: {} is not a training state of this version", file);
                return Optional.empty();
            }
            String saved = in.readUTF();
            if (!saved.equals(run)) {
                log.info("not resuming: {} belongs to another run (data, labels or settings differ)", file);
                return Optional.empty();
            }
            int epochs = in.readInt();
            List<EpochReport> reports = new ArrayList<>(epochs);
            for (int i = 0; i < epochs; i++) {
                reports.add(
                        new EpochReport(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            byte[] random = new byte[in.readInt()];
            in.readFully(random);
            int steps = in.readInt();
            Map<String, float[]> parameters = readArrays(in);
            Map<String, float[]> means = readArrays(in);
            Map<String, float[]> variances = readArrays(in);
            return Optional.of(new TrainingState(
                    run,
                    new LoopState(epochs, reports, random),
                    new NetworkState(steps, parameters, means, variances)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training state " + file, e);
        }
    }

    /** Writes this state into {@code checkpoints}, replacing the previous one in a single move. */
    public void write(Path checkpoints) {
        Path file = checkpoints.resolve(FILE);
        Path tmp = checkpoints.resolve(FILE + ".tmp");
        try {
            Files.createDirectories(checkpoints);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(run);
                out.writeInt(loop.epochsDone());
                for (EpochReport r : loop.reports()) {
                    out.writeInt(r.epoch());
                    out.writeInt(r.triplets());
                    out.writeDouble(r.meanLoss());
                    out.writeDouble(r.mineSeconds());
                    out.writeDouble(r.seconds());
                }
                byte[] random = loop.random();
                out.writeInt(random.length);
                out.write(random);
                out.writeInt(network.steps());
                writeArrays(out, network.parameters());
                writeArrays(out, network.means());
                writeArrays(out, network.variances());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training state " + file, e);
        }
    }

    /** A generator's exact state, to be continued by {@link #random(byte[])}. */
    static byte[] bytes(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a java.util.Random", e);
        }
        return bytes.toByteArray();
    }

    static Random random(byte[] state) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            // The file is the user's own, but nothing but a Random is ever deserialised from it.
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;!*"));
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("not a serialised java.util.Random", e);
        }
    }

    private static void writeArrays(DataOutputStream out, Map<String, float[]> arrays) throws IOException {
        Map<String, float[]> sorted = new TreeMap<>(arrays);
        out.writeInt(sorted.size());
        for (Map.Entry<String, float[]> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (float f : e.getValue()) {
                out.writeFloat(f);
            }
        }
    }

    private static Map<String, float[]> readArrays(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, float[]> arrays = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            float[] values = new float[in.readInt()];
            for (int j = 0; j < values.length; j++) {
                values[j] = in.readFloat();
            }
            arrays.put(name, values);
        }
        return arrays;
    }
}
