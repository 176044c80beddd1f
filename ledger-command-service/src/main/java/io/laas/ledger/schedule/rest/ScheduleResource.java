package io.laas.ledger.schedule.rest;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.ledger.common.rest.RequestFields;
import io.laas.ledger.schedule.Recurrence;
import io.laas.ledger.schedule.ScheduleStatus;
import io.laas.ledger.schedule.service.ScheduleService;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.rest.PostTransactionRequest;
import io.laas.ledger.transaction.rest.TransactionRequests;
import io.laas.ledger.transaction.rest.TransactionResource;
import io.laas.ledger.event.Sequenced;
import io.laas.ledger.schedule.Schedule;
import io.laas.web.consistency.LedgerSequence;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Scheduled and recurring transactions: create, list, read (with their runs), pause, resume, cancel.
 * Schedules are state of the write side (their next run moves with each run), so the gateway routes
 * their reads here rather than to the projector.
 */
@Path("/v1/ledgers/{ledger_id}/schedules")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    /** Longest interval a recurrence may count, per unit. */
    private static final int MAX_COUNT = 1000;
    private static final int LATEST_RUNS = 100;
    private static final String CURSOR_KIND = "sch1";

    private final ScheduleService schedules;
    private final JsonWebToken jwt;

    public ScheduleResource(ScheduleService schedules, JsonWebToken jwt) {
        this.schedules = schedules;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> create(@PathParam("ledger_id") String ledgerId,
            @HeaderParam(TransactionResource.IDEMPOTENCY_KEY) String idempotencyKey, CreateScheduleRequest request) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        List<Map<String, String>> errors = new ArrayList<>();
        if (request == null) {
            throw RequestFields.invalid(List.of(RequestFields.error("body", "a JSON body is required")));
        }
        String key = TransactionRequests.idempotencyKey(idempotencyKey, request.idempotencyKey(), errors);
        TransactionCommand template = template(ledger, request.transaction(), errors);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant startAt = RequestFields.instant("start_at", request.startAt(), errors);
        if (startAt == null) {
            startAt = now;
        } else if (startAt.isBefore(now.minusSeconds(60))) {
            errors.add(RequestFields.error("start_at", "must not be in the past"));
        }
        Instant endAt = RequestFields.instant("end_at", request.endAt(), errors);
        if (endAt != null && endAt.isBefore(startAt)) {
            errors.add(RequestFields.error("end_at", "must not be before start_at"));
        }
        Integer maxRuns = null;
        if (request.maxRuns() != null && !request.maxRuns().isNull()) {
            if (request.maxRuns().isIntegralNumber() && request.maxRuns().canConvertToInt() && request.maxRuns().intValue() >= 1) {
                maxRuns = request.maxRuns().intValue();
            } else {
                errors.add(RequestFields.error("max_runs", "must be a whole number of at least 1"));
            }
        }
        Recurrence recurrence = recurrence(request.every(), errors);
        if (!errors.isEmpty()) {
            throw RequestFields.invalid(errors);
        }
        // the request as given (no start_at stays no start_at), so that a retry of it hashes the same
        String requestHash = template.requestHash() + "|" + request.startAt() + "|" + recurrence + "|" + endAt + "|"
                + maxRuns;
        return schedules.create(ledger, key, requestHash, template, startAt, recurrence, endAt, maxRuns)
                .map(sequenced -> {
                    ScheduleService.Created created = sequenced.value();
                    Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                            .entity(ScheduleResponse.of(created.schedule()))
                            .location(URI.create("/v1/ledgers/" + ledger + "/schedules/" + created.schedule().id()))
                            .header(LedgerSequence.HEADER, sequenced.ledgerSequence());
                    if (created.replayed()) {
                        response.header(TransactionResource.IDEMPOTENT_REPLAYED, "true");
                    }
                    return response.build();
                });
    }

    /** The ledger's schedules by id, paged ({@code limit} 1-200, default 50), optionally of one {@code status}. */
    @GET
    @RolesAllowed(Scopes.LEDGER_READ)
    public Uni<Page<ScheduleResponse>> list(@PathParam("ledger_id") String ledgerId, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        PageRequest page = PageRequest.of(limit, cursor, CURSOR_KIND, 50, 200);
        ScheduleStatus wanted = null;
        if (status != null) {
            try {
                wanted = ScheduleStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.validation("status", "must be one of active, paused, cancelled, completed");
            }
        }
        UUID after = null;
        if (page.after() != null) {
            try {
                after = UUID.fromString(page.after());
            } catch (IllegalArgumentException e) {
                throw PageRequest.invalidCursor();
            }
        }
        return schedules.list(ledger, after, wanted, page.limit())
                .map(rows -> page.page(rows.stream().map(ScheduleResponse::of).toList(),
                        schedule -> PageRequest.encode(CURSOR_KIND, schedule.id().toString())));
    }

    /** One schedule with its latest runs (newest first, at most 100): each the transaction it posted or its refusal. */
    @GET
    @Path("/{schedule_id}")
    @RolesAllowed(Scopes.LEDGER_READ)
    public Uni<ScheduleResponse> get(@PathParam("ledger_id") String ledgerId, @PathParam("schedule_id") String id) {
        return schedules.find(LedgerAccess.require(jwt, ledgerId), scheduleId(id), LATEST_RUNS)
                .map(found -> ScheduleResponse.of(found.schedule()).withRuns(found.runs()));
    }

    @POST
    @Path("/{schedule_id}/pause")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> pause(@PathParam("ledger_id") String ledgerId, @PathParam("schedule_id") String id) {
        return schedules.pause(LedgerAccess.require(jwt, ledgerId), scheduleId(id)).map(ScheduleResource::moved);
    }

    @POST
    @Path("/{schedule_id}/resume")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> resume(@PathParam("ledger_id") String ledgerId, @PathParam("schedule_id") String id) {
        return schedules.resume(LedgerAccess.require(jwt, ledgerId), scheduleId(id)).map(ScheduleResource::moved);
    }

    @POST
    @Path("/{schedule_id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Scopes.LEDGER_WRITE)
    public Uni<Response> cancel(@PathParam("ledger_id") String ledgerId, @PathParam("schedule_id") String id) {
        return schedules.cancel(LedgerAccess.require(jwt, ledgerId), scheduleId(id)).map(ScheduleResource::moved);
    }

    private static Response moved(Sequenced<Schedule> schedule) {
        return Response.ok(ScheduleResponse.of(schedule.value()))
                .header(LedgerSequence.HEADER, schedule.ledgerSequence())
                .build();
    }

    private static UUID scheduleId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("SCHEDULE_NOT_FOUND", "Schedule " + id + " was not found.");
        }
    }

    /** The template checked as a transaction request; what each run decides for itself is refused here. */
    private static TransactionCommand template(UUID ledger, PostTransactionRequest transaction,
            List<Map<String, String>> errors) {
        if (transaction == null) {
            errors.add(RequestFields.error("transaction", "is required"));
            return null;
        }
        for (var field : Map.of("idempotency_key", transaction.idempotencyKey() != null,
                "status", transaction.status() != null, "expires_at", transaction.expiresAt() != null,
                "occurred_at", transaction.occurredAt() != null).entrySet()) {
            if (field.getValue()) {
                errors.add(RequestFields.error("transaction." + field.getKey(),
                        "is not allowed in a schedule: each run sets its own"));
            }
        }
        if (transaction.postings() != null && transaction.postings().stream().anyMatch(posting -> posting != null
                && (posting.lockVersion() != null || posting.balanceAssertion() != null))) {
            errors.add(RequestFields.error("transaction.postings", "lock_version and balance_assertion are not allowed in a schedule"));
        }
        try {
            // a key the template carries is refused above; passing it as the header keeps it from being reported twice
            String key = transaction.idempotencyKey() != null ? transaction.idempotencyKey() : "schedule-template";
            return TransactionRequests.toCommand(ledger, key, transaction);
        } catch (ProblemException e) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> nested = (List<Map<String, String>>) e.extensions().get("errors");
            if (nested != null) {
                nested.forEach(error -> errors.add(RequestFields.error("transaction." + error.get("field"), error.get("message"))));
            }
            return null;
        }
    }

    private static Recurrence recurrence(CreateScheduleRequest.Every every, List<Map<String, String>> errors) {
        if (every == null) {
            return Recurrence.ONCE;
        }
        Recurrence.Unit unit = Recurrence.Unit.fromWire(every.unit());
        if (unit == null) {
            errors.add(RequestFields.error("every.unit", "must be one of day, week, month, cron"));
            return null;
        }
        if (unit == Recurrence.Unit.CRON) {
            if (every.count() != null) {
                errors.add(RequestFields.error("every.count", "is not used with cron"));
            }
            try {
                Recurrence.parseCron(every.cron());
            } catch (RuntimeException e) {
                errors.add(RequestFields.error("every.cron",
                        "must be a five-field cron expression (minute hour day-of-month month day-of-week), in UTC"));
            }
            return new Recurrence(unit, 0, every.cron());
        }
        if (every.cron() != null) {
            errors.add(RequestFields.error("every.cron", "is only used with unit cron"));
        }
        if (every.count() == null || !every.count().isIntegralNumber() || !every.count().canConvertToInt()
                || every.count().intValue() < 1 || every.count().intValue() > MAX_COUNT) {
            errors.add(RequestFields.error("every.count", "must be a whole number from 1 to " + MAX_COUNT));
            return null;
        }
        return new Recurrence(unit, every.count().intValue(), null);
    }

}
