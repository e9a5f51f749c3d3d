package io.axoncommerce.embedded.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks shared by the embedded servers. */
public final class Ports {

    /** Linux's list of the ports it hands to outgoing connections and to binds on port 0. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST_PICKED = 10_000;
    private static final int ATTEMPTS = 200;

    /** Ports this JVM already handed out, so two picks in a row never return the same port before either is bound. */
    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

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
        if (!isFree(port)) {
            throw new PortInUseException(component, port, property, null);
        }
    }

    /**
     * Whether the port can be bound on loopback now. With SO_REUSEADDR, as servers bind, so connections of a stopped
     * server lingering in TIME_WAIT do not count as taken.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free port for a server that is told its port before it binds (a child JVM, a broker's listener). Picked
     * below the kernel's ephemeral range: a port 0 bind returns a port from that range, and any outgoing connection
     * made before the server binds (a driver, a client, another service starting) may take the same port as its local
     * end, so the server would fail with "port already in use" at random. Falls back to an ephemeral port when the
     * range leaves no room below it.
     */
    public static int freePort() {
        int ephemeralLow = ephemeralRangeLow();
        for (int attempt = 0; attempt < ATTEMPTS && ephemeralLow > LOWEST_PICKED; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST_PICKED, ephemeralLow);
            if (!handedOut.contains(candidate) && isFree(candidate) && handedOut.add(candidate)) {
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            handedOut.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static int ephemeralRangeLow() {
        // not Files.readString: it trusts the size procfs reports and returned "3" of "32768\t60999" on JDK 25
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // the Linux default, also below the IANA dynamic range other systems use
        }
    }

    public static void checkRange(int port, String property) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'%s' must be between 0 and 65535, was %d".formatted(property, port));
        }
    }
}
