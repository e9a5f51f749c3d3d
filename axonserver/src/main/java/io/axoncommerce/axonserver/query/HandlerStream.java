package io.axoncommerce.axonserver.query;

import io.axoncommerce.axonserver.grpc.OutboundStream;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;

/** One application's query stream: queries and instructions go down it, answers come up it. */
final class HandlerStream {

    final OutboundStream<QueryProviderInbound> outbound;
    volatile String clientId = "";

    HandlerStream(OutboundStream<QueryProviderInbound> outbound) {
        this.outbound = outbound;
    }
}
