package io.laas.projector.failure.rest;

import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.failure.FailedEvent;
import io.laas.projector.failure.FailedEvent.Status;
import io.laas.projector.failure.service.FailedEventService;
import io.laas.projector.failure.service.FailedEventService.Handled;
import io.laas.projector.projection.EventFailure;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/** Platform operations on the events the projection could not apply (scope {@code ops:admin}). */
@Path("/v1/ops/projector/failed-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.OPS_ADMIN)
@Tag(name = "Operations", description = "Failed events of the projection: list, re-drive, dismiss (ops:admin)")
public class FailedEventResource {

    static final String CURSOR_KIND = "fev1";

    private final FailedEventService failedEvents;
    private final ProjectorConfig config;

    public FailedEventResource(FailedEventService failedEvents, ProjectorConfig config) {
        this.failedEvents = failedEvents;
        this.config = config;
    }

    @GET
    @Operation(summary = "Failed events, newest first", description = "Filters: status (failed, resolved, "
            + "dismissed), kind (poison, sequence_conflict), ledger_id.")
    public Uni<Page<FailedEventResponse>> list(@QueryParam("status") String status, @QueryParam("kind") String kind,
            @QueryParam("ledger_id") String ledgerId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Status statusFilter = status == null || status.isBlank() ? null : Status.of(status);
        if (status != null && !status.isBlank() && statusFilter == null) {
            throw ProblemException.validation("status", "must be one of failed, resolved, dismissed");
        }
        EventFailure.Kind kindFilter = kind(kind);
        UUID ledger = ledgerId == null || ledgerId.isBlank() ? null : uuid(ledgerId);
        if (ledgerId != null && !ledgerId.isBlank() && ledger == null) {
            throw ProblemException.validation("ledger_id", "must be a UUID");
        }
        PageRequest page = PageRequest.of(limit, cursor, CURSOR_KIND, config.pagination().defaultLimit(),
                config.pagination().maxLimit());
        Long before = page.after() == null ? null : PageRequest.numericKey(page.after());
        return failedEvents.list(statusFilter, kindFilter, ledger, before, page.limit() + 1)
                .map(found -> page.page(found, e -> PageRequest.encode(CURSOR_KIND, Long.toString(e.position()))))
                .map(p -> new Page<>(p.data().stream().map(FailedEventResponse::summary).toList(), p.nextCursor()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One failed event, with its record as received")
    public Uni<FailedEventResponse> get(@PathParam("id") String id) {
        UUID failedEventId = uuid(id);
        Uni<FailedEvent> found = failedEventId == null ? Uni.createFrom().nullItem() : failedEvents.find(failedEventId);
        return found.onItem().ifNull().failWith(() -> notFound(id)).map(FailedEventResponse::withRecord);
    }

    @POST
    @Path("/{id}/redrive")
    @Operation(summary = "Process the event again now, then drain its ledger's parked successors",
            description = "For after a fix: the missing account created, a corrected version deployed.")
    public Uni<RedriveResponse> redrive(@PathParam("id") String id) {
        UUID failedEventId = uuid(id);
        if (failedEventId == null) {
            throw notFound(id);
        }
        return failedEvents.redrive(failedEventId).map(handled -> {
            FailedEventResponse event = handled.event() == null ? null : FailedEventResponse.summary(handled.event());
            return switch (handled.result()) {
                case NOT_FOUND -> throw notFound(id);
                case NOT_OPEN -> throw notOpen(handled);
                case FAILED_AGAIN -> throw new ProblemException(422, "REDRIVE_FAILED", "Unprocessable Content",
                        "Failed event " + id + " still cannot be applied: " + handled.event().reason(),
                        Map.of("reason", handled.event().reason(), "attempts", handled.event().attempts()));
                case APPLIED -> new RedriveResponse("applied", handled.appliedEvents(), handled.ledgerLastSequence(),
                        event);
                case ALREADY_APPLIED -> new RedriveResponse("already_applied", 0, handled.ledgerLastSequence(), event);
                case PARKED -> new RedriveResponse("parked", 0, handled.ledgerLastSequence(), event);
                case DISMISSED -> throw new IllegalStateException("a re-drive does not dismiss");
            };
        });
    }

    @POST
    @Path("/{id}/dismiss")
    @Operation(summary = "Close a failed event without applying it",
            description = "For a sequence conflict that was investigated, or an event that must never be applied; "
                    + "a dismissed poison event leaves its ledger's later events parked.")
    public Uni<FailedEventResponse> dismiss(@PathParam("id") String id) {
        UUID failedEventId = uuid(id);
        if (failedEventId == null) {
            throw notFound(id);
        }
        return failedEvents.dismiss(failedEventId).map(handled -> switch (handled.result()) {
            case NOT_FOUND -> throw notFound(id);
            case NOT_OPEN -> throw notOpen(handled);
            default -> FailedEventResponse.summary(handled.event());
        });
    }

    private static EventFailure.Kind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return EventFailure.Kind.of(kind);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("kind", "must be one of poison, sequence_conflict");
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("FAILED_EVENT_NOT_FOUND", "Failed event " + id + " was not found.");
    }

    private static ProblemException notOpen(Handled handled) {
        return new ProblemException(409, "FAILED_EVENT_NOT_OPEN", "Conflict", "Failed event " + handled.event().id()
                + " is " + handled.event().status().code() + "; only a failed event can be re-driven or dismissed.",
                Map.of("failed_event_status", handled.event().status().code()));
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
