package io.axoncommerce.query.projection;

/**
 * A read model that a full replay rebuilds beside the live one: reads keep answering from the live store while the
 * processor writes into the new one, and {@link RebuildWatcher} switches reads to the new store once the processor
 * has caught up.
 */
public interface RebuildableReadModel {

    /** The processing group whose replay rebuilds this read model. */
    String processingGroup();

    /** Whether a rebuild has started and not been switched in yet. */
    boolean isRebuilding();

    /** Makes the rebuilt store the live one and retires the old store; nothing when no rebuild is in progress. */
    void completeRebuild();
}
