package io.axoncommerce.axonserver.dashboard;

import io.axoncommerce.axonserver.EmbeddedAxonServer;
import io.axoncommerce.axonserver.platform.PlatformService;
import io.axoncommerce.axonserver.platform.PlatformService.ConnectedClient;
import io.axoncommerce.axonserver.platform.PlatformService.InstructionResult;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo.SegmentStatus;
import io.grpc.Status;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Event processors as the applications report them, and the actions on them. An action is sent to the application
 * as a platform instruction; once the application answers, the server asks it for a fresh status, so the next
 * {@code GET} shows the effect.
 */
@RestController
class ProcessorsController {

    private final EmbeddedAxonServer server;
    private final DashboardProperties properties;
    private final ApplicationAdminApi adminApi;

    ProcessorsController(EmbeddedAxonServer server, DashboardProperties properties, ApplicationAdminApi adminApi) {
        this.server = server;
        this.properties = properties;
        this.adminApi = adminApi;
    }

    /**
     * One segment as one instance reports it; {@code lag} is the head's token minus the segment's token,
     * {@code replayProgressPercent} is null when the segment is not replaying or the replay's end is unknown.
     */
    record SegmentView(int segment, int onePartOf, String claimedBy, long tokenPosition, long lag, boolean caughtUp,
                       boolean replaying, Double replayProgressPercent, String errorState) {
    }

    /**
     * {@code adminApi}: what the component's admin API can tell about the processor ({@link ProcessorAdminController});
     * null when none is configured for the component.
     */
    record ProcessorView(String processor, String clientId, String component, String mode, boolean running,
                         boolean error, boolean streaming, int activeThreads, int availableThreads,
                         String tokenStoreIdentifier, long head, List<SegmentView> segments, AdminApiView adminApi) {
    }

    /** Whether the exact replay progress ({@code replay}) and the dead letters can be asked for. */
    record AdminApiView(boolean replay, boolean deadLetters) {
    }

    @GetMapping("/v1/processors")
    List<ProcessorView> processors() {
        long head = server.storage().lastToken();
        return server.platform().clients().stream()
                     .flatMap(client -> client.processors().values().stream()
                                              .map(info -> view(client, info, head, adminApi(client.componentName()))))
                     .sorted(Comparator.comparing(ProcessorView::processor).thenComparing(ProcessorView::clientId))
                     .toList();
    }

    private AdminApiView adminApi(String component) {
        ApplicationAdminApi.Endpoints endpoints = adminApi.endpoints(component);
        return endpoints == null ? null
                : new AdminApiView(endpoints.statusUrl() != null, endpoints.deadLettersUrl() != null);
    }

    private static ProcessorView view(ConnectedClient client, EventProcessorInfo info, long head,
                                      AdminApiView adminApi) {
        List<SegmentView> segments = info.getSegmentStatusList().stream()
                .sorted(Comparator.comparingInt(SegmentStatus::getSegmentId))
                .map(s -> new SegmentView(
                        s.getSegmentId(), s.getOnePartOf(), client.clientId(), s.getTokenPosition(),
                        Math.max(0, head - s.getTokenPosition()), s.getCaughtUp(), s.getReplaying(),
                        s.getReplaying() ? client.replay(info.getProcessorName(), s.getSegmentId())
                                                 .map(r -> r.progressPercent(s.getTokenPosition()))
                                                 .filter(p -> p.isPresent())
                                                 .map(p -> p.getAsDouble())
                                                 .orElse(null) : null,
                        s.getErrorState()))
                .toList();
        return new ProcessorView(info.getProcessorName(), client.clientId(), client.componentName(), info.getMode(),
                                 info.getRunning(), info.getError(), info.getIsStreamingProcessor(),
                                 info.getActiveThreads(), info.getAvailableThreads(), info.getTokenStoreIdentifier(),
                                 head, segments, adminApi);
    }

    record ActionResult(String action, String processor, String clientId, Integer segment, boolean success,
                        String error) {
    }

    @PostMapping("/v1/processors/{processor}/{action}")
    ActionResult act(@PathVariable String processor, @PathVariable String action, @RequestParam String clientId,
                     @RequestParam(required = false) Integer segment) {
        PlatformService platform = server.platform();
        boolean known = platform.clients().stream()
                                .anyMatch(c -> c.clientId().equals(clientId)
                                        && c.processors().containsKey(processor));
        if (!known) {
            throw ApiException.notFound("Application '" + clientId + "' is not connected or reports no processor '"
                                                + processor + "'");
        }
        CompletableFuture<InstructionResult> result = switch (action) {
            case "pause" -> platform.pauseProcessor(clientId, processor);
            case "start" -> platform.startProcessor(clientId, processor);
            case "split" -> platform.splitSegment(clientId, processor, requireSegment(action, segment));
            case "merge" -> platform.mergeSegment(clientId, processor, requireSegment(action, segment));
            case "release" -> platform.releaseSegment(clientId, processor, requireSegment(action, segment));
            default -> throw ApiException.notFound("Unknown action '" + action
                                                           + "': pause, start, split, merge or release");
        };
        InstructionResult outcome = await(result);
        // the application reports its new state on request; the page shows it on its next refresh
        platform.requestProcessorInfo(clientId, processor);
        return new ActionResult(action, processor, clientId, segment, outcome.success(),
                                outcome.success() ? null : outcome.error());
    }

    private static int requireSegment(String action, Integer segment) {
        if (segment == null || segment < 0) {
            throw ApiException.badRequest(action + " needs the parameter segment (a segment id >= 0)");
        }
        return segment;
    }

    private InstructionResult await(CompletableFuture<InstructionResult> result) {
        try {
            return result.get(properties.getInstructionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, "The application did not answer within "
                    + properties.getInstructionTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted");
        } catch (ExecutionException e) {
            Status status = Status.fromThrowable(e.getCause());
            throw new ApiException(status.getCode() == Status.Code.NOT_FOUND ? HttpStatus.NOT_FOUND
                                           : HttpStatus.BAD_GATEWAY,
                                   String.valueOf(status.getDescription()));
        }
    }
}
