package io.sightline.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sightline.index.Quantizers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A model bundle read into memory: its manifest, its learned arrays and where its backbone file is. Read from a
 * directory or from a zip of one; written as a directory (and optionally zipped).
 */
public final class ModelBundle {
    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BundleManifest manifest;
    private final Map<String, float[]> arrays;
    private final Path backboneFile;

    public ModelBundle(BundleManifest manifest, Map<String, float[]> arrays, Path backboneFile) {
        this.manifest = manifest;
        this.arrays = Map.copyOf(arrays);
        this.backboneFile = backboneFile;
        for (var spec : manifest.arrays().entrySet()) {
            float[] values = arrays.get(spec.getKey());
            if (values == null) {
                throw new BundleException(
                        "bundle " + manifest.version() + ": array '" + spec.getKey() + "' is missing");
            }
            if (values.length != spec.getValue().length()) {
                throw new BundleException("bundle " + manifest.version() + ": array '" + spec.getKey() + "' has "
                        + values.length + " values, its shape "
                        + spec.getValue().shape() + " needs "
                        + spec.getValue().length());
            }
        }
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.version();
    }

    /** The learned array called {@code name}; fails if the bundle has none. */
    public float[] array(String name) {
        float[] values = arrays.get(name);
        if (values == null) {
            throw new BundleException("bundle " + manifest.version() + " has no array '" + name + "'");
        }
        return values.clone();
    }

    /** The PQ / IVF-PQ quantizers learned with this bundle; empty when it has no codebooks. */
    public Optional<Quantizers> quantizers() {
        return BundleQuantizers.of(this);
    }

    /** The backbone file, resolved against the bundle's directory when the manifest gives a relative path. */
    public Path backboneFile() {
        return backboneFile;
    }

    /** Fails unless the backbone file exists and has the manifest's sha256. */
    public ModelBundle verifyBackbone() {
        if (!Files.isRegularFile(backboneFile)) {
            throw new BundleException("bundle " + manifest.version() + ": backbone file not found: " + backboneFile);
        }
        String actual = sha256(backboneFile);
        if (!actual.equalsIgnoreCase(manifest.backbone().sha256())) {
            throw new BundleException("bundle " + manifest.version() + ": backbone " + backboneFile + " has sha256 "
                    + actual + ", the manifest expects " + manifest.backbone().sha256());
        }
        return this;
    }

    /** Reads a bundle directory, or a zip whose root holds {@code manifest.json}. */
    public static ModelBundle read(Path location) {
        if (Files.isDirectory(location)) {
            return readFrom(location, location);
        }
        try (FileSystem zip = FileSystems.newFileSystem(location)) {
            return readFrom(zip.getPath("/"), location.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BundleException("cannot open bundle " + location + ": " + e.getMessage(), e);
        }
    }

    private static ModelBundle readFrom(Path root, Path baseForBackbone) {
        try {
            BundleManifest manifest = JSON.readValue(Files.readAllBytes(root.resolve(MANIFEST)), BundleManifest.class);
            if (manifest.format() != BundleManifest.FORMAT) {
                throw new BundleException("bundle " + manifest.version() + " has format " + manifest.format()
                        + ", this version reads format " + BundleManifest.FORMAT);
            }
            Map<String, float[]> arrays = new HashMap<>();
            for (var spec : manifest.arrays().entrySet()) {
                arrays.put(
                        spec.getKey(), readFloats(root.resolve(spec.getValue().file())));
            }
            Path backbone = baseForBackbone.resolve(manifest.backbone().file()).normalize();
            return new ModelBundle(manifest, arrays, backbone);
        } catch (IOException e) {
            throw new BundleException("cannot read bundle at " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes the bundle as a directory: manifest.json and one .f32 file per array. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            for (var spec : manifest.arrays().entrySet()) {
                writeFloats(dir.resolve(spec.getValue().file()), arrays.get(spec.getKey()));
            }
            Files.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new BundleException("cannot write bundle " + manifest.version() + " to " + dir, e);
        }
    }

    /** Zips a bundle directory (the manifest at the zip's root). */
    public static void zip(Path dir, Path zipFile) {
        try (OutputStream out = Files.newOutputStream(zipFile);
                ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new BundleException("cannot zip bundle " + dir + " into " + zipFile, e);
        }
    }

    static float[] readFloats(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length % Float.BYTES != 0) {
            throw new BundleException("array file " + file + " has " + bytes.length + " bytes, not a multiple of 4");
        }
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    static void writeFloats(Path file, float[] values) throws IOException {
        Files.write(file, floatBytes(values));
    }

    /** Float32 little-endian, the layout of the array files. */
    static byte[] floatBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /** Hex sha256 of a file, as in the manifest. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            DigestInputStream digest = (DigestInputStream) in;
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new BundleException("cannot checksum " + file, e);
        }
    }
}
