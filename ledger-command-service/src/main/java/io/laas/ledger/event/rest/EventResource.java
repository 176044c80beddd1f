package io.laas.ledger.event.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.ledger.event.service.EventFeed;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /v1/ledgers/{ledger_id}/events?after_sequence=&limit=}: the ledger's event envelopes as stored,
 * {@code hash} included, in sequence order:
 * {@code {"data": [...], "next_after_sequence": <sequence of the last event returned, null when none was>,
 * "has_more": <whether the ledger has events after it now>}}.
 */
@Path("/v1/ledgers/{ledger_id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventFeed feed;
    private final JsonWebToken jwt;

    public EventResource(EventFeed feed, JsonWebToken jwt) {
        this.feed = feed;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed({ Scopes.LEDGER_READ, Scopes.OPS_ADMIN })
    public Uni<Response> list(@PathParam("ledger_id") String ledgerId, @QueryParam("after_sequence") String afterSequence,
            @QueryParam("limit") String limit) {
        UUID ledger = ledger(ledgerId);
        List<Map<String, String>> errors = new ArrayList<>();
        long after = parse(afterSequence, 0, 0, Long.MAX_VALUE, "after_sequence", "must be an integer of at least 0", errors);
        long size = parse(limit, DEFAULT_LIMIT, 1, MAX_LIMIT, "limit", "must be an integer between 1 and " + MAX_LIMIT,
                errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                    Map.of("errors", errors));
        }
        return feed.after(ledger, after, (int) size).map(page -> {
            JsonArray data = new JsonArray(new ArrayList<>(page.events().size()));
            page.events().forEach(event -> data.add(event.envelope()));
            Long next = page.events().isEmpty() ? null : page.events().get(page.events().size() - 1).sequence();
            JsonObject body = new JsonObject().put("data", data).put("next_after_sequence", next)
                    .put("has_more", page.hasMore());
            return Response.ok(body.encode(), MediaType.APPLICATION_JSON).build();
        });
    }

    /**
     * The ledger named, if the token may read it: one its {@code ledgers} claim grants, or any ledger for a platform
     * identity with {@code ops:admin} (the projector rebuilding a ledger's projection reads its log so; only clients
     * of the operator's organisation can hold that scope). Otherwise 404, as for a ledger that does not exist.
     */
    private UUID ledger(String ledgerId) {
        if (jwt.getGroups().contains(Scopes.OPS_ADMIN)) {
            try {
                return UUID.fromString(ledgerId);
            } catch (IllegalArgumentException e) {
                throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
            }
        }
        return LedgerAccess.require(jwt, ledgerId);
    }

    private static long parse(String raw, long absent, long min, long max, String field, String message,
            List<Map<String, String>> errors) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
        return absent;
    }
}
