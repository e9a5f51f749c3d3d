package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Port checks done before anything starts, so a taken port fails at once with what to change. */
final class Ports {

    private Ports() {
    }

    /** Fails naming every taken port and the property that moves it. */
    static void requireFree(Map<String, Integer> portsByProperty) {
        List<String> taken = new ArrayList<>();
        portsByProperty.forEach((property, port) -> {
            if (port > 0 && !isFree(port)) {
                taken.add("port " + port + " is already in use: stop what holds it or choose another port with --"
                        + property + "=<port> (0 picks a free one)");
            }
        });
        if (!taken.isEmpty()) {
            throw new PortInUseException(String.join("\n", taken));
        }
    }

    /**
     * Whether something is bound to the port. With SO_REUSEADDR, as the services' servers bind, so connections of a
     * stopped system lingering in TIME_WAIT do not count as taken: they would not stop a server from binding, and a
     * restart right after a stop must not be refused.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago (for port 0: the children need to be told their port up front). */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        }
    }

    /** Thrown when a configured port is taken. */
    static final class PortInUseException extends RuntimeException {
        PortInUseException(String message) {
            super(message);
        }
    }
}
