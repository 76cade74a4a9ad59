package io.sightline.image;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to every address it has; injectable so tests need no DNS. */
@FunctionalInterface
interface HostResolver {
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
