package io.axoncommerce.payment.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's ledger on disk: one JSON line per decision (a charge or a refund with the answer given under its
 * idempotency key), appended and forced to the device before the answer leaves, so a provider that is killed and
 * started again still knows every charge, refund and key it answered. Append-only: nothing is rewritten, so a crash
 * can at worst tear the last line, which was then never answered and is cut off when the journal is opened again.
 */
final class LedgerJournal implements AutoCloseable {

    static final String FILE_NAME = "ledger.jsonl";

    private final ObjectMapper mapper;
    private final FileChannel channel;
    private final List<JsonNode> entries;

    private LedgerJournal(ObjectMapper mapper, FileChannel channel, List<JsonNode> entries) {
        this.mapper = mapper;
        this.channel = channel;
        this.entries = entries;
    }

    /** Reads what the directory's journal holds and opens it for appending; creates both if missing. */
    static LedgerJournal open(Path directory, ObjectMapper mapper) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE_NAME);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            // One writer: two simulators appending to one ledger would each answer from half of it. The lock goes
            // with the process, so a killed simulator's successor gets it at once.
            if (!lock(channel)) {
                channel.close();
                throw new IllegalStateException("the simulator's ledger in " + directory
                        + " is in use by another simulator");
            }
            byte[] content = Files.readAllBytes(file);
            int complete = lastNewline(content) + 1;
            List<JsonNode> entries = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < complete; i++) {
                if (content[i] == '\n') {
                    if (i > start) {
                        entries.add(mapper.readTree(new String(content, start, i - start, StandardCharsets.UTF_8)));
                    }
                    start = i + 1;
                }
            }
            if (complete < content.length) {
                // a torn last line: its write never completed, so its answer was never sent
                channel.truncate(complete);
                channel.force(true);
            }
            channel.position(complete);
            return new LedgerJournal(mapper, channel, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulator's ledger in " + directory, e);
        }
    }

    private static boolean lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    private static int lastNewline(byte[] content) {
        for (int i = content.length - 1; i >= 0; i--) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The entries found when the journal was opened, in the order they were written. */
    List<JsonNode> entries() {
        return List.copyOf(entries);
    }

    /** Appends one entry and forces it to the device; the caller answers only after this returned. */
    synchronized void append(Object entry) {
        try {
            byte[] line = (mapper.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulator's ledger", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
