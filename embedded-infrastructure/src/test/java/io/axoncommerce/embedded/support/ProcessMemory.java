package io.axoncommerce.embedded.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of a process, for the figures the tests print (Linux /proc). */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    public static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().map(l -> l.substring(6).strip()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
