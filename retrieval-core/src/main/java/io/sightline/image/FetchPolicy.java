package io.sightline.image;

import java.net.InetAddress;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Which sources {@link ImageFetcher} may read, against server-side request forgery: an upload event names a
 * URI, and without a policy anyone who can publish an event can make the fetcher read cloud metadata
 * (169.254.169.254), internal services or local files.
 *
 * @param schemes          URI schemes accepted (lower case), e.g. {@code http}, {@code https}, {@code file}
 * @param fileRoots        directories that {@code file://} URIs are confined to, after {@code ..} and symbolic
 *                         links are resolved; empty refuses every {@code file://} URI
 * @param allowPrivate     whether hosts may resolve to loopback, private, link-local, multicast or unspecified
 *                         addresses; false is what protects internal networks
 * @param exemptAddresses  addresses accepted even when {@code allowPrivate} is false (an internal image store
 *                         one trusts), matched exactly
 * @param maxRedirects     redirects followed per fetch; each hop is checked again like the first URI
 * @param maxUriLength     longest URI accepted, in characters
 */
public record FetchPolicy(
        Set<String> schemes,
        List<Path> fileRoots,
        boolean allowPrivate,
        Set<InetAddress> exemptAddresses,
        int maxRedirects,
        int maxUriLength) {

    /** URI length cap of the secure presets; browsers and CDNs rarely accept much more. */
    public static final int DEFAULT_MAX_URI_LENGTH = 2048;

    public static final int DEFAULT_MAX_REDIRECTS = 3;

    public FetchPolicy {
        schemes = schemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        // Roots are made absolute and normalised once, so confinement compares like with like.
        fileRoots = fileRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        exemptAddresses = Set.copyOf(exemptAddresses);
        if (maxRedirects < 0 || maxUriLength <= 0) {
            throw new IllegalArgumentException(
                    "maxRedirects must be >= 0 and maxUriLength > 0: " + maxRedirects + ", " + maxUriLength);
        }
    }

    /**
     * The secure setting for URIs from untrusted publishers: http and https to public addresses only, at most
     * {@value #DEFAULT_MAX_REDIRECTS} redirects, URIs up to {@value #DEFAULT_MAX_URI_LENGTH} characters;
     * {@code file://} is listed but refused until roots are given with {@link #withFileRoots}.
     */
    public static FetchPolicy defaults() {
        return new FetchPolicy(
                Set.of("http", "https", "file"),
                List.of(),
                false,
                Set.of(),
                DEFAULT_MAX_REDIRECTS,
                DEFAULT_MAX_URI_LENGTH);
    }

    /**
     * For a trusted upstream (a demo, tests, a single-tenant deployment): {@code file://} under {@code roots}
     * and private addresses allowed, still with the redirect and length caps.
     */
    public static FetchPolicy permissive(List<Path> roots) {
        return defaults().withFileRoots(roots).withPrivateAddresses(true);
    }

    /**
     * What {@link ImageFetcher#ImageFetcher(ImageLimits)} uses, the behaviour before policies existed:
     * {@code file://} anywhere, private addresses allowed, five redirects (the JDK client's own limit) and
     * a generous URI cap that no legitimate path reaches.
     */
    public static FetchPolicy trustedUpstream() {
        List<Path> everywhere = StreamSupport.stream(
                        FileSystems.getDefault().getRootDirectories().spliterator(), false)
                .toList();
        return new FetchPolicy(Set.of("http", "https", "file"), everywhere, true, Set.of(), 5, 65_536);
    }

    public FetchPolicy withFileRoots(List<Path> roots) {
        return new FetchPolicy(schemes, roots, allowPrivate, exemptAddresses, maxRedirects, maxUriLength);
    }

    public FetchPolicy withPrivateAddresses(boolean allow) {
        return new FetchPolicy(schemes, fileRoots, allow, exemptAddresses, maxRedirects, maxUriLength);
    }

    public FetchPolicy withExemptAddresses(Set<InetAddress> addresses) {
        return new FetchPolicy(schemes, fileRoots, allowPrivate, addresses, maxRedirects, maxUriLength);
    }

    public FetchPolicy withMaxRedirects(int redirects) {
        return new FetchPolicy(schemes, fileRoots, allowPrivate, exemptAddresses, redirects, maxUriLength);
    }

    public FetchPolicy withSchemes(Set<String> accepted) {
        return new FetchPolicy(accepted, fileRoots, allowPrivate, exemptAddresses, maxRedirects, maxUriLength);
    }

    public FetchPolicy withMaxUriLength(int length) {
        return new FetchPolicy(schemes, fileRoots, allowPrivate, exemptAddresses, maxRedirects, length);
    }
}
