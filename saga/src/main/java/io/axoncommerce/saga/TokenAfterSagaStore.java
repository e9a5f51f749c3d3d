package io.axoncommerce.saga;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.Optional;

/**
 * Stores the saga processor's token only after the saga is stored. Without a transaction around both (MongoDB here
 * has none: the embedded stand-in cannot, and production needs no replica set for it), the order of the two writes
 * decides what a crash between them costs:
 * <ul>
 *     <li>Axon's pooled processor registers its token write in the unit of work's prepare-commit phase before the
 *     event is handled, and the saga repository registers the saga's write in the same phase afterwards: token
 *     first. A crash between the two loses the event for the saga (an order left {@code PLACED} with its stock held,
 *     a payment never confirmed nor refunded).</li>
 *     <li>Deferred to after the commit, the token follows the saga: a crash between them hands the event to the saga
 *     again, and every handler of the saga is idempotent (it checks its phase), so it changes nothing twice.</li>
 * </ul>
 * Axon offers no setting for this order, so this decorator moves a token write asked for during prepare-commit to
 * after-commit; every other call (claims, extensions, writes outside a unit of work) goes straight through.
 */
final class TokenAfterSagaStore implements TokenStore {

    private final TokenStore delegate;

    TokenAfterSagaStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
            CurrentUnitOfWork.get().afterCommit(u -> delegate.storeToken(token, processorName, segment));
        } else {
            delegate.storeToken(token, processorName, segment);
        }
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
