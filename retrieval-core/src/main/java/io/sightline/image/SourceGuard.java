package io.sightline.image;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies a {@link FetchPolicy} to one URI before any byte is read from it. Every refusal is an
 * {@link ImageLoadException} at stage FETCH whose message starts with "refused by fetch policy" and names the
 * rule, so a dead letter says exactly why.
 */
final class SourceGuard {

    private final FetchPolicy policy;
    private final HostResolver resolver;

    SourceGuard(FetchPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    FetchPolicy policy() {
        return policy;
    }

    /** The lower-case scheme, after the checks every URI gets: length, scheme allowed, no user info. */
    String checkCommon(URI uri) throws ImageLoadException {
        String text = uri.toString();
        if (text.length() > policy.maxUriLength()) {
            throw refused("URI of " + text.length() + " characters exceeds the cap of " + policy.maxUriLength()
                    + " (starts " + text.substring(0, Math.min(64, text.length())) + "...)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!policy.schemes().contains(scheme)) {
            throw refused("scheme '" + scheme + "' is not allowed in " + uri + " (allowed: "
                    + policy.schemes().stream().sorted().toList() + ")");
        }
        if (uri.getRawUserInfo() != null) {
            // user:pass@host hides the real host from a casual reader and leaks credentials into logs.
            throw refused("user info in the URI is not allowed: " + redacted(uri));
        }
        return scheme;
    }

    /**
     * Resolves the host of an http(s) URI and checks every address it resolves to: one private address among
     * public ones is enough to refuse, since the client may pick any of them.
     */
    void checkHttpTarget(URI uri) throws ImageLoadException {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused("no valid host in " + uri);
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(IDN.toASCII(bare, IDN.ALLOW_UNASSIGNED));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH,
                    "cannot resolve host '" + host + "' of " + uri + ": " + e.getMessage(),
                    e);
        }
        if (policy.allowPrivate()) {
            return;
        }
        for (InetAddress address : addresses) {
            if (policy.exemptAddresses().contains(address)) {
                continue;
            }
            Optional<String> why = NonPublicAddresses.reason(address);
            if (why.isPresent()) {
                throw refused("host '" + host + "' resolves to " + address.getHostAddress() + ", a " + why.get()
                        + "; private addresses are not allowed");
            }
        }
    }

    /**
     * The real path a {@code file://} URI names, after {@code ..} and symbolic links are resolved, provided it
     * lies under one of the roots. Checked on the lexical path first so that a {@code ..} escape is reported as
     * such even when its target does not exist.
     */
    Path confineFile(URI uri) throws ImageLoadException {
        if (policy.fileRoots().isEmpty()) {
            throw refused("file:// URIs are not allowed (no file roots configured): " + uri);
        }
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "invalid file URI " + uri, e);
        }
        Path lexical = path.toAbsolutePath().normalize();
        if (!underARoot(lexical)) {
            throw refused("path " + lexical + " is outside the allowed file roots " + policy.fileRoots());
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "file not found: " + path, e);
        } catch (IOException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH, "cannot resolve " + path + ": " + e.getMessage(), e);
        }
        if (!underARoot(real)) {
            throw refused("path " + lexical + " leads through a symbolic link to " + real
                    + ", outside the allowed file roots " + policy.fileRoots());
        }
        return real;
    }

    /** Compares against each root as configured and as its real path, in case the root itself is a link. */
    private boolean underARoot(Path candidate) {
        for (Path root : policy.fileRoots()) {
            if (candidate.startsWith(root)) {
                return true;
            }
            try {
                if (candidate.startsWith(root.toRealPath())) {
                    return true;
                }
            } catch (IOException e) {
                // a root that does not exist confines nothing
            }
        }
        return false;
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://***@" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    static ImageLoadException refused(String rule) {
        return new ImageLoadException(ImageLoadException.Stage.FETCH, "refused by fetch policy: " + rule);
    }
}
