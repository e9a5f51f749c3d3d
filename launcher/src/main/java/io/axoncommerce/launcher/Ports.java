package io.axoncommerce.launcher;

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

    private static boolean isFree(int port) {
        return io.axoncommerce.embedded.support.Ports.isFree(port);
    }

    /** A free port for port 0: the children need to be told their port up front. */
    static int pickFree() {
        return io.axoncommerce.embedded.support.Ports.freePort();
    }

    /** Thrown when a configured port is taken. */
    static final class PortInUseException extends RuntimeException {
        PortInUseException(String message) {
            super(message);
        }
    }
}
