package io.axoncommerce.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The TCP sockets that processes listen on, read the way {@code ss -ltnp} does: every socket inode a process holds
 * open ({@code /proc/<pid>/fd}) matched to the listening entries of {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 * Linux only.
 */
final class ListeningSockets {

    /** One listening socket: which process holds it, and where it is bound. */
    record Listener(long pid, InetAddress address, int port) {

        boolean loopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port + " (pid " + pid + ")";
        }
    }

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static List<Listener> of(Collection<Long> pids) {
        Map<String, Listener> byInode = new HashMap<>();
        readListeners(Path.of("/proc/net/tcp"), byInode);
        readListeners(Path.of("/proc/net/tcp6"), byInode);
        List<Listener> found = new ArrayList<>();
        for (long pid : pids) {
            for (String inode : socketInodes(pid)) {
                Listener listener = byInode.get(inode);
                if (listener != null) {
                    found.add(new Listener(pid, listener.address(), listener.port()));
                }
            }
        }
        return found;
    }

    /** {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...}, hex, one per line. */
    private static void readListeners(Path table, Map<String, Listener> byInode) {
        if (!Files.exists(table)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[3].equals(LISTEN)) {
                    continue;
                }
                String[] local = fields[1].split(":");
                byInode.put(fields[9], new Listener(0, address(local[0]), Integer.parseInt(local[1], 16)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + table, e);
        }
    }

    /** The kernel prints the address as 32-bit words in host (little-endian) byte order. */
    static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    private static List<String> socketInodes(long pid) {
        Path fds = Path.of("/proc", String.valueOf(pid), "fd");
        List<String> inodes = new ArrayList<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + fds + " (is the process alive?)", e);
        }
        return inodes;
    }
}
