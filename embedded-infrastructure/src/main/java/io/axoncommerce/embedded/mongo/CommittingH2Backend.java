package io.axoncommerce.embedded.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, committing its store before it answers a command that changed it. The plain backend
 * leaves committing to H2's background writer (about every second), so a SIGKILL of the hosting JVM lost writes it had
 * acknowledged, such as a notification recorded whose Kafka offset was committed afterwards (Kafka kept the offset).
 * Like a journaled MongoDB write, an acknowledged write now survives the death of the process, but not a crash of the
 * machine: the file is not synced, and an operating system that dies before writing it back may leave it unreadable
 * (start again with {@code --reset}). Commands that change nothing cost one check; concurrent writers share a commit,
 * since H2's commit writes everything changed so far and the next one finds nothing left. The price, measured with one
 * client writing in a loop on a busy 2-core machine: about 130-280 µs of CPU more per write (BENCHMARKS.md).
 */
final class CommittingH2Backend extends H2Backend {

    private final MVStore store;

    private CommittingH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    static CommittingH2Backend open(String fileName) {
        MVStore store = MVStore.open(fileName);
        // H2 keeps a replaced chunk 45 s by default, for disks that write back later than the process: with a commit
        // per write the file grew by about 26 KB per write (290 MB for 11,000). Reused at once, it stays a few MB.
        // Nothing here is synced to the disk anyway (see above).
        store.setRetentionTime(0);
        return new CommittingH2Backend(store);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // also after a failed command: an insert of many documents may have written some before it failed
            if (store.hasUnsavedChanges()) {
                store.commit();
            }
        }
    }
}
