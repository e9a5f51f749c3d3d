package io.axoncommerce.query.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A MongoDB read model whose documents live in a collection named by a pointer document, so that a full replay can
 * rebuild it into a new collection beside the live one and switch reads over in one single-document write.
 * mongo-java-server has no transactions and no {@code renameCollection} to rely on; a single document replace is
 * atomic on it as on MongoDB.
 * <p>
 * The pointer ({@value #POINTERS}, one document per read model) names the {@code live} collection (which queries
 * read), the {@code rebuild} collection while a full replay writes into it, and the {@code retired} collection
 * that was live before the last switch. Before the first rebuild the live collection is the read model's own name
 * ({@code orders}, {@code inventory}), so existing data stays live. A restart mid-replay finds the rebuild in the
 * pointer and keeps writing into it; the processor resumes from its replay token.
 * <p>
 * A retired collection is dropped {@code dropDelay} after the switch, not at once: a query that looked the live
 * collection up just before the switch, or another instance that has not re-read the pointer yet
 * ({@link #maintain()}), still reads it meanwhile.
 *
 * @param <D> the document type
 */
public class MongoReadModel<D> implements RebuildableReadModel {

    /** The collection of the pointer documents. */
    public static final String POINTERS = "read_model_collections";

    private static final Logger log = LoggerFactory.getLogger(MongoReadModel.class);

    private final MongoTemplate mongo;
    private final Class<D> documentType;
    private final String name;
    private final String processingGroup;
    private final Duration dropDelay;
    private final Clock clock;
    private volatile Pointer pointer;

    /** Where the read model's documents are; {@code retiredAt} is when {@code retired} stopped being live. */
    record Pointer(@Id String readModel, String live, String rebuild, String retired, Instant retiredAt) {
    }

    public MongoReadModel(MongoTemplate mongo, Class<D> documentType, String name, String processingGroup,
                          Duration dropDelay, Clock clock) {
        this.mongo = mongo;
        this.documentType = documentType;
        this.name = name;
        this.processingGroup = processingGroup;
        this.dropDelay = dropDelay;
        this.clock = clock;
    }

    public MongoTemplate template() {
        return mongo;
    }

    public Class<D> documentType() {
        return documentType;
    }

    /** The collection queries read. */
    public String liveCollection() {
        return pointer().live();
    }

    /** The collection the projection writes: the rebuild collection during a full replay, else the live one. */
    public String writeCollection() {
        Pointer current = pointer();
        return current.rebuild() != null ? current.rebuild() : current.live();
    }

    public D findById(String id) {
        return mongo.findById(id, documentType, liveCollection());
    }

    public List<D> find(Query query) {
        return mongo.find(query, documentType, liveCollection());
    }

    public long count(Query query) {
        return mongo.count(query, documentType, liveCollection());
    }

    @Override
    public String processingGroup() {
        return processingGroup;
    }

    @Override
    public boolean isRebuilding() {
        return pointer().rebuild() != null;
    }

    /**
     * Starts a rebuild: later writes go to a new, empty collection; queries still read the live one. A rebuild left
     * over from an earlier full replay is dropped first (this replay starts from scratch again).
     */
    public synchronized void startRebuild() {
        Pointer current = pointer();
        if (current.rebuild() != null) {
            mongo.dropCollection(current.rebuild());
        }
        String collection = newCollectionName();
        save(new Pointer(name, current.live(), collection, current.retired(), current.retiredAt()));
        log.info("Rebuilding the {} read model into {}; queries read {} until it has caught up", name, collection,
                current.live());
    }

    @Override
    public synchronized void completeRebuild() {
        Pointer current = pointer();
        if (current.rebuild() == null) {
            return;
        }
        if (current.retired() != null) {
            // two switches within the drop delay: the older one's readers have long moved on
            mongo.dropCollection(current.retired());
        }
        save(new Pointer(name, current.rebuild(), null, current.live(), clock.instant()));
        log.info("The {} read model now reads the rebuilt collection {}; {} is dropped in {}", name,
                current.rebuild(), current.live(), dropDelay);
    }

    /** Re-reads the pointer (another instance may have switched) and drops the retired collection once it is due. */
    @Scheduled(fixedDelayString = "${query-side.read-models.refresh-interval:1s}")
    public synchronized void maintain() {
        Pointer current = load();
        pointer = current;
        if (current.retired() != null && !clock.instant().isBefore(current.retiredAt().plus(dropDelay))) {
            mongo.dropCollection(current.retired());
            save(new Pointer(name, current.live(), current.rebuild(), null, null));
            log.info("Dropped {}, the {} read model's collection before its last rebuild", current.retired(), name);
        }
    }

    private Pointer pointer() {
        Pointer current = pointer;
        if (current == null) {
            synchronized (this) {
                if (pointer == null) {
                    pointer = load();
                }
                current = pointer;
            }
        }
        return current;
    }

    private Pointer load() {
        Pointer stored = mongo.findById(name, Pointer.class, POINTERS);
        if (stored != null) {
            return stored;
        }
        Pointer initial = new Pointer(name, name, null, null, null);
        try {
            mongo.insert(initial, POINTERS);
            return initial;
        } catch (DuplicateKeyException e) {
            // another instance wrote it first
            return mongo.findById(name, Pointer.class, POINTERS);
        }
    }

    private void save(Pointer next) {
        mongo.save(next, POINTERS);
        pointer = next;
    }

    private String newCollectionName() {
        long suffix = clock.millis();
        while (mongo.collectionExists(name + "-" + suffix)) {
            suffix++;
        }
        return name + "-" + suffix;
    }
}
