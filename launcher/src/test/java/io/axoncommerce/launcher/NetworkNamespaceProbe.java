package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A second host on this machine: a network namespace joined to this one by a veth pair, as another machine on the
 * same network would be. {@link #reachablePorts} connects from there to this host's end of the pair. Needs root
 * and iproute2 ({@code ip netns}).
 */
final class NetworkNamespaceProbe implements AutoCloseable {

    private final String namespace;
    private final String hostLink;
    private final String hostAddress;

    private NetworkNamespaceProbe(String namespace, String hostLink, String hostAddress) {
        this.namespace = namespace;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
    }

    /** Root with iproute2's network namespaces. */
    static boolean possible() {
        try {
            run(List.of("ip", "netns", "list"));
            return "root".equals(System.getProperty("user.name"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static NetworkNamespaceProbe create() {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        // a /30 of its own in 10.231.0.0/16, so two probes at once (and the host's own networks) do not collide
        int subnet = ThreadLocalRandom.current().nextInt(0, 16384) * 4;
        String host = "10.231." + (subnet >> 8) + "." + ((subnet & 0xff) + 1);
        String peer = "10.231." + (subnet >> 8) + "." + ((subnet & 0xff) + 2);
        NetworkNamespaceProbe probe = new NetworkNamespaceProbe("axc-probe-" + id, "axch" + id, host);
        try {
            ip("netns", "add", probe.namespace);
            ip("link", "add", probe.hostLink, "type", "veth", "peer", "name", "axcp" + id);
            ip("link", "set", "axcp" + id, "netns", probe.namespace);
            ip("addr", "add", host + "/30", "dev", probe.hostLink);
            ip("link", "set", probe.hostLink, "up");
            ip("netns", "exec", probe.namespace, "ip", "addr", "add", peer + "/30", "dev", "axcp" + id);
            ip("netns", "exec", probe.namespace, "ip", "link", "set", "axcp" + id, "up");
            ip("netns", "exec", probe.namespace, "ip", "link", "set", "lo", "up");
            return probe;
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    /** This host's address as the other host sees it. */
    String hostAddress() {
        return hostAddress;
    }

    /** The ports of {@code ports} that accept a TCP connection from the other host. */
    List<Integer> reachablePorts(Collection<Integer> ports) {
        StringBuilder script = new StringBuilder();
        for (int port : ports) {
            // bash's /dev/tcp connects; a refused or filtered port fails (filtered ones after the timeout)
            script.append("if timeout 3 bash -c 'exec 3<>/dev/tcp/").append(hostAddress).append('/').append(port)
                  .append("' 2>/dev/null; then echo ").append(port).append("; fi\n");
        }
        List<Integer> reachable = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "exec", namespace, "bash", "-c", script.toString())).split("\n")) {
            if (!line.isBlank()) {
                reachable.add(Integer.parseInt(line.strip()));
            }
        }
        return reachable;
    }

    /** Removing the namespace removes its end of the pair, and with it the host's end. */
    @Override
    public void close() {
        try {
            run(List.of("ip", "netns", "del", namespace));
        } catch (RuntimeException e) {
            // never created
        }
        try {
            run(List.of("ip", "link", "del", hostLink));
        } catch (RuntimeException e) {
            // already gone with the namespace
        }
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
