package io.axoncommerce.axonserver.grpc;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoniq.axonserver.grpc.FlowControl;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.ProcessingInstruction;
import io.axoniq.axonserver.grpc.ProcessingKey;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.command.CommandServiceGrpc;
import io.axoniq.axonserver.grpc.command.CommandSubscription;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.Heartbeat;
import io.axoniq.axonserver.grpc.control.PlatformInboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.axoniq.axonserver.grpc.query.QueryComplete;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.QueryServiceGrpc;
import io.axoniq.axonserver.grpc.query.QuerySubscription;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Command, query and platform services at the gRPC level: the cases a well-behaved Axon client rarely produces. */
class RoutingProtocolIT {

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;
    static ManagedChannel channel;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).dataDirectory(dataDir)
                                   .commandTimeout(Duration.ofSeconds(30)).build().start();
        channel = GrpcClient.channel(server.grpcPort(), "default", null);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
    }

    /** Collects what the server sends down a stream. */
    static class Inbox<T> implements StreamObserver<T> {

        final BlockingQueue<T> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onNext(T value) {
            messages.add(value);
        }

        @Override
        public void onError(Throwable t) {
            closed.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            closed.complete(null);
        }

        T next() throws InterruptedException {
            T message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }
    }

    /** An inbox that also holds its call, so a test can cancel it. */
    static final class CallInbox<Q, T> extends Inbox<T> implements ClientResponseObserver<Q, T> {

        final CompletableFuture<ClientCallStreamObserver<Q>> call = new CompletableFuture<>();

        @Override
        public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
            call.complete(requestStream);
        }
    }

    /** A command handler connected the raw way, as the Axon connector does. */
    static final class CommandHandler {

        final Inbox<CommandProviderInbound> inbox = new Inbox<>();
        final StreamObserver<CommandProviderOutbound> outbound;

        CommandHandler(String clientId, String command, long permits) throws InterruptedException {
            outbound = CommandServiceGrpc.newStub(channel).openStream(inbox);
            outbound.onNext(CommandProviderOutbound.newBuilder().setFlowControl(
                    FlowControl.newBuilder().setClientId(clientId).setPermits(permits)).build());
            outbound.onNext(CommandProviderOutbound.newBuilder()
                                                   .setInstructionId("sub-" + clientId)
                                                   .setSubscribe(CommandSubscription.newBuilder()
                                                                                    .setMessageId("sub-" + clientId)
                                                                                    .setCommand(command)
                                                                                    .setClientId(clientId)
                                                                                    .setComponentName("raw"))
                                                   .build());
            CommandProviderInbound ack = inbox.next();
            assertThat(ack.getAck().getInstructionId()).isEqualTo("sub-" + clientId);
            assertThat(ack.getAck().getSuccess()).isTrue();
        }

        Command nextCommand() throws InterruptedException {
            return inbox.next().getCommand();
        }

        void answer(Command command, String result) {
            outbound.onNext(CommandProviderOutbound.newBuilder().setCommandResponse(
                    CommandResponse.newBuilder().setMessageIdentifier(UUID.randomUUID().toString())
                                   .setRequestIdentifier(command.getMessageIdentifier())
                                   .setPayload(io.axoniq.axonserver.grpc.SerializedObject.newBuilder()
                                                                                         .setType("String")
                                                                                         .setData(com.google.protobuf.ByteString.copyFromUtf8(result))))
                                                   .build());
        }
    }

    static Command command(String name, String routingKey, long timeoutMillis) {
        Command.Builder builder = Command.newBuilder().setMessageIdentifier(UUID.randomUUID().toString()).setName(name)
                                         .addProcessingInstructions(ProcessingInstruction.newBuilder()
                                                 .setKey(ProcessingKey.ROUTING_KEY)
                                                 .setValue(MetaDataValue.newBuilder().setTextValue(routingKey)));
        if (timeoutMillis > 0) {
            builder.addProcessingInstructions(ProcessingInstruction.newBuilder().setKey(ProcessingKey.TIMEOUT)
                                                                   .setValue(MetaDataValue.newBuilder()
                                                                                          .setNumberValue(timeoutMillis)));
        }
        return builder.build();
    }

    static CompletableFuture<CommandResponse> dispatch(Command command) {
        CompletableFuture<CommandResponse> response = new CompletableFuture<>();
        CommandServiceGrpc.newStub(channel).dispatch(command, new StreamObserver<>() {
            @Override
            public void onNext(CommandResponse value) {
                response.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                response.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        return response;
    }

    @Test
    void commandsWaitForPermitsAndReachTheHandler() throws Exception {
        CommandHandler handler = new CommandHandler("permits-client", "cmd.Permits", 1);
        CompletableFuture<CommandResponse> first = dispatch(command("cmd.Permits", "k1", 0));
        CompletableFuture<CommandResponse> second = dispatch(command("cmd.Permits", "k2", 0));

        Command received = handler.nextCommand();
        assertThat(handler.inbox.messages.poll(300, TimeUnit.MILLISECONDS)).as("no permit left").isNull();
        handler.answer(received, "one");
        handler.outbound.onNext(CommandProviderOutbound.newBuilder().setFlowControl(
                FlowControl.newBuilder().setPermits(1)).build());
        Command next = handler.nextCommand();
        handler.answer(next, "two");

        assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
                .extracting(r -> r.getPayload().getData().toStringUtf8())
                .containsExactlyInAnyOrder("one", "two");
        handler.outbound.onCompleted();
    }

    @Test
    void aCommandWithoutHandlerGetsAxoniq4000() throws Exception {
        CommandResponse response = dispatch(command("cmd.Nobody", "k", 0)).get(10, TimeUnit.SECONDS);
        assertThat(response.getErrorCode()).isEqualTo("AXONIQ-4000");
        assertThat(response.getErrorMessage().getMessage()).contains("cmd.Nobody");
    }

    @Test
    void pendingCommandsFailWhenTheirHandlerDisconnects() throws Exception {
        CommandHandler handler = new CommandHandler("leaving-client", "cmd.Leaving", 10);
        CompletableFuture<CommandResponse> response = dispatch(command("cmd.Leaving", "k", 0));
        handler.nextCommand();
        handler.outbound.onError(Status.CANCELLED.asRuntimeException());

        CommandResponse failure = response.get(10, TimeUnit.SECONDS);
        assertThat(failure.getErrorCode()).isEqualTo("AXONIQ-4003");
        assertThat(failure.getErrorMessage().getMessage()).contains("disconnected");
        // and the handler is gone from the routing table
        assertThat(dispatch(command("cmd.Leaving", "k", 0)).get(10, TimeUnit.SECONDS).getErrorCode())
                .isEqualTo("AXONIQ-4000");
    }

    @Test
    void commandsTimeOut() throws Exception {
        CommandHandler handler = new CommandHandler("slow-client", "cmd.Slow", 10);
        CompletableFuture<CommandResponse> response = dispatch(command("cmd.Slow", "k", 200));
        Command received = handler.nextCommand();
        CommandResponse failure = response.get(10, TimeUnit.SECONDS);
        assertThat(failure.getErrorCode()).isEqualTo("AXONIQ-4003");
        assertThat(failure.getErrorMessage().getMessage()).contains("timed out");
        handler.answer(received, "too late"); // ignored, nothing breaks
        handler.outbound.onCompleted();
    }

    @Test
    void routingKeysSpreadOverInstancesAndStayPut() throws Exception {
        CommandHandler a = new CommandHandler("spread-a", "cmd.Spread", 1000);
        CommandHandler b = new CommandHandler("spread-b", "cmd.Spread", 1000);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("order-" + i);
        }
        List<String> firstRound = route(keys, a, b);
        assertThat(firstRound).contains("spread-a", "spread-b");
        assertThat(route(keys, a, b)).containsExactlyElementsOf(firstRound);
        a.outbound.onCompleted();
        b.outbound.onCompleted();
    }

    private static List<String> route(List<String> keys, CommandHandler a, CommandHandler b) throws Exception {
        List<String> handledBy = new ArrayList<>();
        for (String key : keys) {
            CompletableFuture<CommandResponse> response = dispatch(command("cmd.Spread", key, 0));
            Command received = null;
            String who = null;
            while (received == null) {
                CommandProviderInbound fromA = a.inbox.messages.poll(20, TimeUnit.MILLISECONDS);
                if (fromA != null && fromA.hasCommand()) {
                    received = fromA.getCommand();
                    who = "spread-a";
                    a.answer(received, who);
                }
                CommandProviderInbound fromB = received == null ? b.inbox.messages.poll(20, TimeUnit.MILLISECONDS)
                        : null;
                if (fromB != null && fromB.hasCommand()) {
                    received = fromB.getCommand();
                    who = "spread-b";
                    b.answer(received, who);
                }
            }
            assertThat(response.get(10, TimeUnit.SECONDS).getPayload().getData().toStringUtf8()).isEqualTo(who);
            handledBy.add(who);
        }
        return handledBy;
    }

    @Test
    void refusesNegativePermitsOnTheCommandStream() {
        Inbox<CommandProviderInbound> inbox = new Inbox<>();
        StreamObserver<CommandProviderOutbound> outbound = CommandServiceGrpc.newStub(channel).openStream(inbox);
        outbound.onNext(CommandProviderOutbound.newBuilder().setFlowControl(FlowControl.newBuilder().setPermits(-3))
                                               .build());
        assertThat(inbox.closed).failsWithin(Duration.ofSeconds(10))
                                .withThrowableThat()
                                .havingCause()
                                .isInstanceOfSatisfying(StatusRuntimeException.class,
                                                        e -> assertThat(e.getStatus().getCode())
                                                                .isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void queryResultsAfterAHandlersCompletionAreIgnored() throws Exception {
        Inbox<QueryProviderInbound> inbox = new Inbox<>();
        StreamObserver<QueryProviderOutbound> handler = QueryServiceGrpc.newStub(channel).openStream(inbox);
        handler.onNext(QueryProviderOutbound.newBuilder().setFlowControl(FlowControl.newBuilder().setPermits(100))
                                            .build());
        handler.onNext(QueryProviderOutbound.newBuilder().setInstructionId("q-sub").setSubscribe(
                QuerySubscription.newBuilder().setQuery("query.Echo").setResultName("String").setClientId("q-client")
                                 .setComponentName("raw")).build());
        assertThat(inbox.next().getAck().getInstructionId()).isEqualTo("q-sub");

        Iterator<QueryResponse> results = QueryServiceGrpc.newBlockingStub(channel).query(
                QueryRequest.newBuilder().setMessageIdentifier("query-1").setQuery("query.Echo").build());
        QueryRequest received = inbox.next().getQuery();
        QueryResponse answer = QueryResponse.newBuilder().setMessageIdentifier("answer-1")
                                            .setRequestIdentifier(received.getMessageIdentifier()).build();
        QueryProviderOutbound complete = QueryProviderOutbound.newBuilder().setQueryComplete(
                QueryComplete.newBuilder().setRequestId(received.getMessageIdentifier()).setMessageId("c1")).build();
        handler.onNext(QueryProviderOutbound.newBuilder().setQueryResponse(answer).build());
        handler.onNext(complete);
        // the connector was seen repeating both; they must not reach the caller
        handler.onNext(QueryProviderOutbound.newBuilder().setQueryResponse(answer).build());
        handler.onNext(complete);

        List<QueryResponse> all = new ArrayList<>();
        results.forEachRemaining(all::add);
        assertThat(all).extracting(QueryResponse::getMessageIdentifier).containsExactly("answer-1");

        Iterator<QueryResponse> none = QueryServiceGrpc.newBlockingStub(channel).query(
                QueryRequest.newBuilder().setMessageIdentifier("query-2").setQuery("query.Unknown").build());
        assertThat(none.next().getErrorCode()).isEqualTo("AXONIQ-5000");
        assertThat(none.hasNext()).isFalse();
        handler.onCompleted();
    }

    private static StreamObserver<QueryProviderOutbound> queryHandler(Inbox<QueryProviderInbound> inbox, String query)
            throws InterruptedException {
        StreamObserver<QueryProviderOutbound> handler = QueryServiceGrpc.newStub(channel).openStream(inbox);
        handler.onNext(QueryProviderOutbound.newBuilder().setFlowControl(FlowControl.newBuilder().setPermits(100))
                                            .build());
        handler.onNext(QueryProviderOutbound.newBuilder().setInstructionId("sub-" + query).setSubscribe(
                QuerySubscription.newBuilder().setQuery(query).setResultName("String").setClientId("q-" + query)
                                 .setComponentName("raw")).build());
        assertThat(inbox.next().getAck().getInstructionId()).isEqualTo("sub-" + query);
        return handler;
    }

    private static ProcessingInstruction flag(ProcessingKey key, boolean value) {
        return ProcessingInstruction.newBuilder().setKey(key)
                                    .setValue(MetaDataValue.newBuilder().setBooleanValue(value)).build();
    }

    private static ProcessingInstruction number(ProcessingKey key, long value) {
        return ProcessingInstruction.newBuilder().setKey(key)
                                    .setValue(MetaDataValue.newBuilder().setNumberValue(value)).build();
    }

    private static QueryProviderOutbound response(String requestId, String messageId) {
        return QueryProviderOutbound.newBuilder().setQueryResponse(
                QueryResponse.newBuilder().setMessageIdentifier(messageId).setRequestIdentifier(requestId)).build();
    }

    @Test
    void aStreamingQueryGetsPermitsAsTheCallerTakesResultsAndItsCancelReachesTheHandler() throws Exception {
        Inbox<QueryProviderInbound> inbox = new Inbox<>();
        StreamObserver<QueryProviderOutbound> handler = queryHandler(inbox, "query.Stream");
        CallInbox<QueryRequest, QueryResponse> results = new CallInbox<>();
        QueryServiceGrpc.newStub(channel).query(
                QueryRequest.newBuilder().setMessageIdentifier("stream-1").setQuery("query.Stream")
                            .addProcessingInstructions(number(ProcessingKey.NR_OF_RESULTS, 1))
                            .addProcessingInstructions(flag(ProcessingKey.CLIENT_SUPPORTS_STREAMING, true)).build(),
                results);

        QueryRequest received = inbox.next().getQuery();
        assertThat(received.getProcessingInstructionsList())
                .contains(flag(ProcessingKey.SERVER_SUPPORTS_STREAMING, true));
        QueryProviderInbound firstGrant = inbox.next();
        assertThat(firstGrant.getQueryFlowControl().getQueryReference().getRequestId()).isEqualTo("stream-1");
        long granted = firstGrant.getQueryFlowControl().getPermits();
        assertThat(granted).isPositive();

        // the handler uses up its permits; the caller takes them, and the server grants more, never more than
        // what the caller has taken plus the first window
        for (int i = 0; i < granted; i++) {
            handler.onNext(response("stream-1", "r" + i));
        }
        for (int i = 0; i < granted; i++) {
            assertThat(results.next().getMessageIdentifier()).isEqualTo("r" + i);
        }
        results.call.get(10, TimeUnit.SECONDS).cancel("caller is done", null);
        long more = 0;
        QueryProviderInbound next = inbox.next();
        while (next.hasQueryFlowControl()) {
            assertThat(next.getQueryFlowControl().getQueryReference().getRequestId()).isEqualTo("stream-1");
            more += next.getQueryFlowControl().getPermits();
            next = inbox.next();
        }
        assertThat(more).isBetween(1L, granted);
        assertThat(next.getQueryCancel().getRequestId()).isEqualTo("stream-1");
        handler.onCompleted();
    }

    @Test
    void aNonStreamingPointToPointQueryEndsWithItsFirstAnswerAndReachesTheHandlerUnchanged() throws Exception {
        Inbox<QueryProviderInbound> inbox = new Inbox<>();
        StreamObserver<QueryProviderOutbound> handler = queryHandler(inbox, "query.Direct");
        QueryRequest query = QueryRequest.newBuilder().setMessageIdentifier("direct-1").setQuery("query.Direct")
                                         .addProcessingInstructions(number(ProcessingKey.NR_OF_RESULTS, 1))
                                         .addProcessingInstructions(
                                                 flag(ProcessingKey.CLIENT_SUPPORTS_STREAMING, false))
                                         .build();
        Iterator<QueryResponse> results = QueryServiceGrpc.newBlockingStub(channel).query(query);
        assertThat(inbox.next().getQuery()).isEqualTo(query);

        handler.onNext(response("direct-1", "answer"));
        // no query_complete: the answer is all a point-to-point caller waits for
        List<QueryResponse> all = new ArrayList<>();
        results.forEachRemaining(all::add);
        assertThat(all).extracting(QueryResponse::getMessageIdentifier).containsExactly("answer");
        assertThat(server.queries().pendingQueries()).isZero();
        assertThat(inbox.messages).isEmpty();
        handler.onCompleted();
    }

    @Test
    void platformAnswersWithThisNodeAndAcknowledgesHeartbeats() throws Exception {
        PlatformInfo info = PlatformServiceGrpc.newBlockingStub(channel).getPlatformServer(
                ClientIdentification.newBuilder().setClientId("p-client").setComponentName("raw").build());
        assertThat(info.getSameConnection()).isTrue();
        assertThat(info.getPrimary().getGrpcPort()).isEqualTo(server.grpcPort());

        Inbox<PlatformOutboundInstruction> inbox = new Inbox<>();
        StreamObserver<PlatformInboundInstruction> stream = PlatformServiceGrpc.newStub(channel).openStream(inbox);
        stream.onNext(PlatformInboundInstruction.newBuilder().setRegister(
                ClientIdentification.newBuilder().setClientId("p-client").setComponentName("raw")).build());
        stream.onNext(PlatformInboundInstruction.newBuilder().setInstructionId("hb-1")
                                                .setHeartbeat(Heartbeat.getDefaultInstance()).build());
        PlatformOutboundInstruction ack = inbox.next();
        assertThat(ack.getAck().getInstructionId()).isEqualTo("hb-1");
        assertThat(ack.getAck().getSuccess()).isTrue();
        assertThat(server.platform().clients()).anySatisfy(c -> assertThat(c.clientId()).isEqualTo("p-client"));

        stream.onCompleted();
        assertThat(inbox.closed).succeedsWithin(Duration.ofSeconds(10));
        assertThat(server.platform().clients()).noneSatisfy(c -> assertThat(c.clientId()).isEqualTo("p-client"));
    }
}
