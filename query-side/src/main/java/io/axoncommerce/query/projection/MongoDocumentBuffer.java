package io.axoncommerce.query.projection;

import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * A {@link DocumentBuffer} over a {@link MongoReadModel}: it loads with one {@code _id $in} query and writes with one
 * bulk request of upserting replaces, both in the collection the read model was written to when the unit of work
 * started (the rebuild collection during a full replay). The target never changes under a running batch: a rebuild
 * starts while the processor is stopped, and the switch makes the collection being written the live one.
 */
public abstract class MongoDocumentBuffer<D> extends DocumentBuffer<D> {

    private final MongoReadModel<D> readModel;
    private final String target;

    protected MongoDocumentBuffer(MongoReadModel<D> readModel) {
        this.readModel = readModel;
        this.target = readModel.writeCollection();
    }

    /** Reads the documents one by one from their stored form, so that an unreadable one fails only its own events. */
    @Override
    protected Map<String, D> load(Collection<String> ids) {
        MongoTemplate mongo = readModel.template();
        Map<String, D> loaded = new HashMap<>();
        for (Document stored : mongo.find(query(where("_id").in(ids)), Document.class, target)) {
            String id = String.valueOf(stored.get("_id"));
            try {
                loaded.put(id, mongo.getConverter().read(readModel.documentType(), stored));
            } catch (RuntimeException e) {
                unreadable(id, e);
            }
        }
        return loaded;
    }

    @Override
    protected void write(Map<String, D> changed) {
        BulkOperations bulk = readModel.template().bulkOps(BulkOperations.BulkMode.UNORDERED,
                readModel.documentType(), target);
        changed.forEach((id, document) ->
                bulk.replaceOne(query(where("_id").is(id)), document, FindAndReplaceOptions.options().upsert()));
        bulk.execute();
    }
}
