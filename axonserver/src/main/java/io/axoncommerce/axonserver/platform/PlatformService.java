package io.axoncommerce.axonserver.platform;

import io.axoncommerce.axonserver.grpc.AxonErrors;
import io.axoncommerce.axonserver.grpc.OutboundStream;
import io.axoncommerce.axonserver.grpc.RemoteAddressInterceptor;
import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.axoniq.axonserver.grpc.control.EventProcessorReference;
import io.axoniq.axonserver.grpc.control.EventProcessorSegmentReference;
import io.axoniq.axonserver.grpc.control.NodeInfo;
import io.axoniq.axonserver.grpc.control.PlatformInboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The platform (control) channel: client registration, heartbeats, event processor status, and instructions the
 * server sends to applications' event processors (pause, start, split, merge, release a segment).
 */
public final class PlatformService extends PlatformServiceGrpc.PlatformServiceImplBase {

    private static final Logger logger = LoggerFactory.getLogger(PlatformService.class);

    private final Supplier<NodeInfo> nodeInfo;
    private final Duration instructionTimeout;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionsOpened = new AtomicLong();

    public PlatformService(Supplier<NodeInfo> nodeInfo, Duration instructionTimeout) {
        this.nodeInfo = nodeInfo;
        this.instructionTimeout = instructionTimeout;
    }

    @Override
    public void getPlatformServer(ClientIdentification request, StreamObserver<PlatformInfo> responseObserver) {
        // same_connection: the client keeps using this channel instead of dialling host:port again
        responseObserver.onNext(PlatformInfo.newBuilder().setPrimary(nodeInfo.get()).setSameConnection(true).build());
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<PlatformInboundInstruction> openStream(
            StreamObserver<PlatformOutboundInstruction> responseObserver) {
        OutboundStream<PlatformOutboundInstruction> outbound = new OutboundStream<>(responseObserver);
        ClientConnection connection = new ClientConnection(outbound, RemoteAddressInterceptor.REMOTE_HOST.get());
        outbound.onCancel(() -> disconnected(connection));
        return new StreamObserver<>() {
            @Override
            public void onNext(PlatformInboundInstruction instruction) {
                handle(connection, instruction);
            }

            @Override
            public void onError(Throwable t) {
                disconnected(connection);
            }

            @Override
            public void onCompleted() {
                disconnected(connection);
                outbound.complete();
            }
        };
    }

    private void handle(ClientConnection connection, PlatformInboundInstruction instruction) {
        boolean success = true;
        String error = null;
        switch (instruction.getRequestCase()) {
            case REGISTER -> {
                connection.identification = instruction.getRegister();
                connection.registeredAt = Instant.now();
                if (connections.add(connection)) {
                    connectionsOpened.incrementAndGet();
                }
                logger.info("Client {} ({}) connected", connection.clientId(), connection.componentName());
            }
            case EVENT_PROCESSOR_INFO -> {
                EventProcessorInfo info = instruction.getEventProcessorInfo();
                connection.processors.put(info.getProcessorName(), info);
                connection.trackReplays(info);
            }
            case HEARTBEAT -> connection.lastHeartbeat = System.currentTimeMillis();
            case ACK -> connection.acknowledged(instruction.getAck());
            case RESULT -> connection.completed(instruction.getResult().getInstructionId(),
                                                instruction.getResult().getSuccess(),
                                                instruction.getResult().getError().getMessage());
            case SUBSCRIBE_TOPOLOGY_CHANGES, UNSUBSCRIBE_TOPOLOGY_CHANGES -> {
                // single node: the topology never changes, so there is nothing to send
            }
            default -> {
                success = false;
                error = "Unsupported instruction " + instruction.getRequestCase();
            }
        }
        if (!instruction.getInstructionId().isEmpty()) {
            InstructionAck.Builder ack = InstructionAck.newBuilder()
                                                       .setInstructionId(instruction.getInstructionId())
                                                       .setSuccess(success);
            if (!success) {
                ack.setError(AxonErrors.UNSUPPORTED_INSTRUCTION.asErrorMessage(error, nodeInfo.get().getNodeName()));
            }
            connection.outbound.send(PlatformOutboundInstruction.newBuilder().setAck(ack).build());
        }
    }

    private void disconnected(ClientConnection connection) {
        if (connections.remove(connection)) {
            logger.info("Client {} ({}) disconnected", connection.clientId(), connection.componentName());
        }
        connection.failPending("client disconnected");
    }

    /** Applications connected now, with what they last reported about their event processors. */
    public List<ConnectedClient> clients() {
        return connections.stream()
                          .filter(c -> c.identification != null)
                          .map(c -> new ConnectedClient(c.clientId(), c.componentName(),
                                                        Map.copyOf(c.processors), c.lastHeartbeat, c.host,
                                                        c.registeredAt, Map.copyOf(c.replays)))
                          .toList();
    }

    /** How many platform connections were registered since start (reconnects count again). */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    public CompletableFuture<InstructionResult> pauseProcessor(String clientId, String processorName) {
        return send(clientId, b -> b.setPauseEventProcessor(processor(processorName)));
    }

    public CompletableFuture<InstructionResult> startProcessor(String clientId, String processorName) {
        return send(clientId, b -> b.setStartEventProcessor(processor(processorName)));
    }

    public CompletableFuture<InstructionResult> splitSegment(String clientId, String processorName, int segment) {
        return send(clientId, b -> b.setSplitEventProcessorSegment(segment(processorName, segment)));
    }

    public CompletableFuture<InstructionResult> mergeSegment(String clientId, String processorName, int segment) {
        return send(clientId, b -> b.setMergeEventProcessorSegment(segment(processorName, segment)));
    }

    public CompletableFuture<InstructionResult> releaseSegment(String clientId, String processorName, int segment) {
        return send(clientId, b -> b.setReleaseSegment(segment(processorName, segment)));
    }

    /** Asks the client for a fresh status of one processor; the answer lands in {@link #clients()}. */
    public CompletableFuture<InstructionResult> requestProcessorInfo(String clientId, String processorName) {
        return send(clientId, b -> b.setRequestEventProcessorInfo(processor(processorName)));
    }

    private CompletableFuture<InstructionResult> send(
            String clientId, UnaryOperator<PlatformOutboundInstruction.Builder> instruction) {
        Optional<ClientConnection> connection = connections.stream()
                                                           .filter(c -> clientId.equals(c.clientId()))
                                                           .findFirst();
        if (connection.isEmpty()) {
            return CompletableFuture.failedFuture(
                    Status.NOT_FOUND.withDescription("No client " + clientId + " is connected").asException());
        }
        String id = UUID.randomUUID().toString();
        CompletableFuture<InstructionResult> result = new CompletableFuture<>();
        ClientConnection target = connection.get();
        target.pending.put(id, result);
        result.orTimeout(instructionTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .whenComplete((r, e) -> target.pending.remove(id));
        target.outbound.send(instruction.apply(PlatformOutboundInstruction.newBuilder().setInstructionId(id)).build());
        return result;
    }

    private static EventProcessorReference processor(String name) {
        return EventProcessorReference.newBuilder().setProcessorName(name).build();
    }

    private static EventProcessorSegmentReference segment(String name, int segment) {
        return EventProcessorSegmentReference.newBuilder().setProcessorName(name).setSegmentIdentifier(segment)
                                             .build();
    }

    /**
     * A connected application as the platform channel sees it: what it last reported about its event processors,
     * the host it connected from, when it registered, and the replays in progress (keyed by
     * {@link #segmentKey(String, int)}).
     */
    public record ConnectedClient(String clientId, String componentName, Map<String, EventProcessorInfo> processors,
                                  long lastHeartbeatEpochMillis, String host, Instant connectedAt,
                                  Map<String, Replay> replays) {

        public Optional<Replay> replay(String processorName, int segment) {
            return Optional.ofNullable(replays.get(segmentKey(processorName, segment)));
        }
    }

    /**
     * A segment seen replaying: where its token was when the replay was first reported, and where it was before
     * (the position it replays up to), or -1 when the segment was never seen before its replay.
     */
    public record Replay(long startPosition, long positionBeforeReplay) {

        /** Percentage replayed at {@code position}, or empty when the end of the replay is not known. */
        public OptionalDouble progressPercent(long position) {
            if (positionBeforeReplay < 0 || positionBeforeReplay <= startPosition) {
                return OptionalDouble.empty();
            }
            double done = (double) (position - startPosition) / (positionBeforeReplay - startPosition);
            return OptionalDouble.of(Math.max(0, Math.min(100, done * 100)));
        }
    }

    static String segmentKey(String processorName, int segment) {
        return processorName + "#" + segment;
    }

    /** Outcome of an instruction sent to a client. */
    public record InstructionResult(String instructionId, boolean success, String error) {
    }

    private static final class ClientConnection {

        private final OutboundStream<PlatformOutboundInstruction> outbound;
        private final String host;
        private final Map<String, EventProcessorInfo> processors = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<InstructionResult>> pending = new ConcurrentHashMap<>();
        /** segment key -> last token position reported while not replaying */
        private final Map<String, Long> lastPositions = new ConcurrentHashMap<>();
        private final Map<String, Replay> replays = new ConcurrentHashMap<>();
        private volatile ClientIdentification identification;
        private volatile Instant registeredAt;
        private volatile long lastHeartbeat = System.currentTimeMillis();

        private ClientConnection(OutboundStream<PlatformOutboundInstruction> outbound, String host) {
            this.outbound = outbound;
            this.host = host;
        }

        /**
         * The protocol reports only "replaying" and the token position, not where a replay ends; a reset replays
         * up to where the segment was before, so remember that position from the reports before the replay.
         */
        void trackReplays(EventProcessorInfo info) {
            for (EventProcessorInfo.SegmentStatus segment : info.getSegmentStatusList()) {
                String key = segmentKey(info.getProcessorName(), segment.getSegmentId());
                if (segment.getReplaying()) {
                    replays.computeIfAbsent(key, k -> new Replay(segment.getTokenPosition(),
                                                                 lastPositions.getOrDefault(k, -1L)));
                } else {
                    replays.remove(key);
                    lastPositions.put(key, segment.getTokenPosition());
                }
            }
        }

        String clientId() {
            return identification == null ? "" : identification.getClientId();
        }

        String componentName() {
            return identification == null ? "" : identification.getComponentName();
        }

        void acknowledged(InstructionAck ack) {
            // a positive ack only says "received"; the outcome follows as a result. A negative ack is final.
            if (!ack.getSuccess()) {
                completed(ack.getInstructionId(), false, ack.getError().getMessage());
            }
        }

        void completed(String instructionId, boolean success, String error) {
            CompletableFuture<InstructionResult> result = pending.remove(instructionId);
            if (result != null) {
                result.complete(new InstructionResult(instructionId, success, success ? "" : error));
            }
        }

        void failPending(String reason) {
            Collection<CompletableFuture<InstructionResult>> open = List.copyOf(pending.values());
            pending.clear();
            open.forEach(f -> f.completeExceptionally(
                    Status.UNAVAILABLE.withDescription(reason).asException()));
        }
    }
}
