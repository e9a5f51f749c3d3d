package io.axoncommerce.embedded.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks shared by the embedded servers. */
public final class Ports {

    private Ports() {
    }

    /**
     * Fails with a {@link PortInUseException} when a chosen port cannot be bound on loopback; port 0 always passes.
     * This is a best-effort early check for a readable error: the server's own bind stays the real test.
     */
    public static void requireFree(String component, int port, String property) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PortInUseException(component, port, property, e);
        }
    }

    /** A port that was free a moment ago, for servers that cannot report the port they bound to themselves. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    public static void checkRange(int port, String property) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'%s' must be between 0 and 65535, was %d".formatted(property, port));
        }
    }
}
