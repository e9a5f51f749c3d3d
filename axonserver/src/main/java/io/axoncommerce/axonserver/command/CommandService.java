package io.axoncommerce.axonserver.command;

import io.axoncommerce.axonserver.grpc.AxonErrors;
import io.axoncommerce.axonserver.metrics.MessageStatistics;
import io.axoncommerce.axonserver.routing.HandlerRegistry;
import io.axoncommerce.axonserver.routing.HandlerStream;
import io.axoncommerce.axonserver.routing.RendezvousHashing;
import io.axoniq.axonserver.grpc.ErrorMessage;
import io.axoniq.axonserver.grpc.ProcessingInstruction;
import io.axoniq.axonserver.grpc.ProcessingKey;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.command.CommandServiceGrpc;
import io.axoniq.axonserver.grpc.command.CommandSubscription;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes commands from dispatchers to subscribed handlers. A routing key always goes to the same handler instance
 * (weighted rendezvous hashing over the instances subscribed to the command, weighted by their load factor) as long
 * as that instance stays subscribed. Every dispatch is answered exactly once: with the handler's response, with
 * {@code AXONIQ-4000} when nobody handles the command, or with {@code AXONIQ-4003} when the handler disconnects or
 * the command times out.
 */
public final class CommandService extends CommandServiceGrpc.CommandServiceImplBase {

    private static final Logger logger = LoggerFactory.getLogger(CommandService.class);
    /**
     * Text this server's event store puts into an append conflict; it travels back inside the handler's error
     * message (the Axon client reports a failed append as a generic {@code AXONIQ-4002}).
     */
    static final String SEQUENCE_CONFLICT_MARKER = "[" + AxonErrors.INVALID_EVENT_SEQUENCE.code() + "]";

    private final String location;
    private final ScheduledExecutorService timer;
    private final Duration defaultTimeout;
    /** command name -> handler stream -> its load factor */
    private final HandlerRegistry<CommandProviderInbound, Integer> handlers = new HandlerRegistry<>();
    private final Map<String, PendingCommand> pending = new ConcurrentHashMap<>();
    private final MessageStatistics statistics = new MessageStatistics();

    public CommandService(String location, ScheduledExecutorService timer, Duration defaultTimeout) {
        this.location = location;
        this.timer = timer;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public StreamObserver<CommandProviderOutbound> openStream(StreamObserver<CommandProviderInbound> observer) {
        return HandlerStream.open(observer, this::handle, this::disconnected);
    }

    private void handle(HandlerStream<CommandProviderInbound> stream, CommandProviderOutbound message) {
        boolean success = true;
        switch (message.getRequestCase()) {
            case SUBSCRIBE -> {
                CommandSubscription subscription = message.getSubscribe();
                stream.identify(subscription.getClientId());
                // load factor 0 is "not set": Axon Server reads it as the default 100
                int loadFactor = subscription.getLoadFactor() <= 0 ? 100 : subscription.getLoadFactor();
                handlers.put(subscription.getCommand(), stream, loadFactor);
                logger.debug("{} subscribed to command {}", stream.clientId(), subscription.getCommand());
            }
            case UNSUBSCRIBE -> handlers.remove(message.getUnsubscribe().getCommand(), stream);
            case FLOW_CONTROL -> {
                if (!stream.grant(message.getFlowControl().getPermits(), this::disconnected)) {
                    return;
                }
            }
            case COMMAND_RESPONSE -> respond(stream, message.getCommandResponse());
            case ACK -> {
                // the client acknowledges nothing we need: commands are sent without instruction ids
            }
            default -> success = false;
        }
        stream.acknowledge(message.getInstructionId(), success, message.getRequestCase(), location,
                           ack -> CommandProviderInbound.newBuilder().setAck(ack).build());
    }

    private void respond(HandlerStream<CommandProviderInbound> stream, CommandResponse response) {
        PendingCommand command = pending.get(response.getRequestIdentifier());
        if (command == null || command.handler != stream) {
            logger.debug("Ignoring response to unknown or finished command {}", response.getRequestIdentifier());
            return;
        }
        command.complete(translateConflict(response));
    }

    /**
     * When the handler's failure was a sequence conflict reported by this event store, answer the dispatcher with
     * {@code AXONIQ-4004} so its application sees a {@code ConcurrencyException} (another instance changed the
     * aggregate first) instead of a generic {@code CommandExecutionException}.
     */
    static CommandResponse translateConflict(CommandResponse response) {
        String code = response.getErrorCode();
        if (!code.equals(AxonErrors.COMMAND_EXECUTION_ERROR.code())
                && !code.equals(AxonErrors.COMMAND_EXECUTION_NON_TRANSIENT_ERROR.code())) {
            return response;
        }
        ErrorMessage error = response.getErrorMessage();
        boolean conflict = error.getMessage().contains(SEQUENCE_CONFLICT_MARKER)
                || error.getDetailsList().stream().anyMatch(d -> d.contains(SEQUENCE_CONFLICT_MARKER));
        if (!conflict) {
            return response;
        }
        return response.toBuilder()
                       .setErrorCode(AxonErrors.CONCURRENCY_EXCEPTION.code())
                       .setErrorMessage(error.toBuilder().setErrorCode(AxonErrors.CONCURRENCY_EXCEPTION.code()))
                       .build();
    }

    @Override
    public void dispatch(Command command, StreamObserver<CommandResponse> responseObserver) {
        long start = System.nanoTime();
        String id = command.getMessageIdentifier().isEmpty() ? UUID.randomUUID().toString()
                : command.getMessageIdentifier();
        List<Map.Entry<HandlerStream<CommandProviderInbound>, Integer>> open =
                handlers.registrations(command.getName());
        if (open.isEmpty()) {
            statistics.record(command.getName(), System.nanoTime() - start, false);
            responseObserver.onNext(error(id, AxonErrors.NO_HANDLER_FOR_COMMAND,
                                          "No Handler for command: " + command.getName()));
            responseObserver.onCompleted();
            return;
        }
        String routingKey = instruction(command.getProcessingInstructionsList(), ProcessingKey.ROUTING_KEY)
                .map(ProcessingInstruction::getValue)
                .map(v -> v.getTextValue())
                .filter(s -> !s.isEmpty())
                .orElse(id);
        HandlerStream<CommandProviderInbound> target =
                RendezvousHashing.select(routingKey, open, e -> e.getKey().clientId(), Map.Entry::getValue).getKey();
        PendingCommand pendingCommand = new PendingCommand(id, command.getName(), start, target, responseObserver);
        if (pending.putIfAbsent(id, pendingCommand) != null) {
            responseObserver.onNext(error(id, AxonErrors.COMMAND_DISPATCH_ERROR,
                                          "A command with identifier " + id + " is already in progress"));
            responseObserver.onCompleted();
            return;
        }
        long timeoutMillis = instruction(command.getProcessingInstructionsList(), ProcessingKey.TIMEOUT)
                .map(i -> i.getValue().getNumberValue())
                .filter(t -> t > 0)
                .orElse(defaultTimeout.toMillis());
        pendingCommand.timeout = timer.schedule(
                () -> pendingCommand.complete(error(id, AxonErrors.COMMAND_DISPATCH_ERROR,
                                                    "Command " + command.getName() + " timed out after "
                                                            + timeoutMillis + " ms")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        if (responseObserver instanceof ServerCallStreamObserver<CommandResponse> serverObserver) {
            serverObserver.setOnCancelHandler(pendingCommand::cancel);
        }
        target.outbound().sendWithPermit(CommandProviderInbound.newBuilder().setCommand(
                command.getMessageIdentifier().isEmpty() ? command.toBuilder().setMessageIdentifier(id).build()
                        : command).build());
        if (target.outbound().isClosed()) {
            pendingCommand.complete(error(id, AxonErrors.COMMAND_DISPATCH_ERROR,
                                          "Handler " + target.clientId() + " disconnected"));
        }
    }

    private static java.util.Optional<ProcessingInstruction> instruction(List<ProcessingInstruction> instructions,
                                                                         ProcessingKey key) {
        return instructions.stream().filter(i -> i.getKey() == key).findFirst();
    }

    private CommandResponse error(String requestId, AxonErrors code, String message) {
        return CommandResponse.newBuilder()
                              .setMessageIdentifier(UUID.randomUUID().toString())
                              .setRequestIdentifier(requestId)
                              .setErrorCode(code.code())
                              .setErrorMessage(code.asErrorMessage(message, location))
                              .build();
    }

    private void disconnected(HandlerStream<CommandProviderInbound> stream) {
        handlers.removeAll(stream);
        pending.values().stream()
               .filter(p -> p.handler == stream)
               .forEach(p -> p.complete(error(p.id, AxonErrors.COMMAND_DISPATCH_ERROR,
                                              "Handler " + stream.clientId() + " disconnected before answering")));
    }

    /** Count, rate and latency (dispatch to answer) per command name, as this server saw them. */
    public MessageStatistics statistics() {
        return statistics;
    }

    /** Command names with at least one subscribed handler, and the clients handling them. */
    public Map<String, Set<String>> subscriptions() {
        return handlers.clients();
    }

    private final class PendingCommand {

        private final String id;
        private final String name;
        private final long startNanos;
        private final HandlerStream<CommandProviderInbound> handler;
        private final StreamObserver<CommandResponse> caller;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private PendingCommand(String id, String name, long startNanos,
                               HandlerStream<CommandProviderInbound> handler, StreamObserver<CommandResponse> caller) {
            this.id = id;
            this.name = name;
            this.startNanos = startNanos;
            this.handler = handler;
            this.caller = caller;
        }

        void complete(CommandResponse response) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            pending.remove(id, this);
            ScheduledFuture<?> task = timeout;
            if (task != null) {
                task.cancel(false);
            }
            statistics.record(name, System.nanoTime() - startNanos, response.getErrorCode().isEmpty());
            try {
                caller.onNext(response);
                caller.onCompleted();
            } catch (RuntimeException e) {
                logger.debug("Dispatcher of command {} went away", id, e);
            }
        }

        void cancel() {
            if (done.compareAndSet(false, true)) {
                pending.remove(id, this);
                ScheduledFuture<?> task = timeout;
                if (task != null) {
                    task.cancel(false);
                }
            }
        }
    }
}
