package io.sightline.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** How the client authenticates to the registry: one {@code Authorization} header per request. */
public sealed interface RegistryCredentials {

    /** The value of the {@code Authorization} header. */
    String authorizationHeader();

    /** HTTP basic auth, as Confluent's {@code basic.auth.user.info=user:password}. */
    record Basic(String user, String password) implements RegistryCredentials {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        /** Parses Confluent's {@code user:password} form; the password may itself contain ':'. */
        public static Basic parse(String userInfo) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Expected user:password");
            }
            return new Basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }

        @Override
        public String authorizationHeader() {
            byte[] userInfo = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString(userInfo);
        }

        /** Kept out of logs and exception messages. */
        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A bearer token (OAuth), as Confluent's {@code bearer.auth.token}. */
    record Bearer(String token) implements RegistryCredentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String authorizationHeader() {
            return "Bearer " + token;
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }
}
