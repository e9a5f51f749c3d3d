package io.axoncommerce.axonserver.grpc;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.util.UUID;

/** A raw gRPC channel to the server under test, with the metadata an Axon client would send. */
final class GrpcClient {

    private GrpcClient() {
    }

    static ManagedChannel channel(int port, String context, String token) {
        Metadata headers = new Metadata();
        if (context != null) {
            headers.put(ContextInterceptor.CONTEXT, context);
        }
        if (token != null) {
            headers.put(Metadata.Key.of("AxonIQ-Access-Token", Metadata.ASCII_STRING_MARSHALLER), token);
        }
        return NettyChannelBuilder.forAddress("localhost", port)
                                  .usePlaintext()
                                  .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                                  .build();
    }

    static Event event(String aggregateId, long sequence, String type, String data) {
        Event.Builder builder = Event.newBuilder()
                                     .setMessageIdentifier(UUID.randomUUID().toString())
                                     .setTimestamp(System.currentTimeMillis())
                                     .setPayload(SerializedObject.newBuilder()
                                                                 .setType(type)
                                                                 .setData(ByteString.copyFromUtf8(data)));
        if (aggregateId != null) {
            builder.setAggregateIdentifier(aggregateId).setAggregateSequenceNumber(sequence).setAggregateType("Test");
        }
        return builder.build();
    }
}
