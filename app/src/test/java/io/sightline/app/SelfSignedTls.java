package io.sightline.app;

import io.sightline.app.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool, in a PKCS12 key store (the broker's) and a
 * trust store holding only that certificate (the clients'): what a test needs for a TLS listener, nothing more.
 */
record SelfSignedTls(Path keyStore, Path trustStore, String password) {

    static SelfSignedTls create(Path dir) throws IOException, InterruptedException {
        String password = "sightline-test";
        Path keyStore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.pem");
        Path trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                password);
        return new SelfSignedTls(keyStore, trustStore, password);
    }

    EmbeddedKafka.Tls broker() {
        return new EmbeddedKafka.Tls(keyStore, trustStore, password);
    }

    /** Kafka client settings that trust this certificate (and verify the host name against it). */
    Map<String, String> clientSettings() {
        return Map.of(
                "security.protocol",
                "SSL",
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.location",
                trustStore.toString(),
                "ssl.truststore.password",
                password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
