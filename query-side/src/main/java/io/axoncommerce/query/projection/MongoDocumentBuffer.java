package io.axoncommerce.query.projection;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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
    private final Function<D, String> idOf;

    protected MongoDocumentBuffer(MongoReadModel<D> readModel, Function<D, String> idOf) {
        this.readModel = readModel;
        this.target = readModel.writeCollection();
        this.idOf = idOf;
    }

    @Override
    protected Map<String, D> load(Collection<String> ids) {
        return readModel.template().find(query(where("_id").in(ids)), readModel.documentType(), target).stream()
                .collect(Collectors.toMap(idOf, Function.identity()));
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
