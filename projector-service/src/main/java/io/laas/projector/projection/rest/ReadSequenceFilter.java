package io.laas.projector.projection.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.laas.projector.projection.service.ProjectedSequences;
import io.laas.web.consistency.LedgerSequence;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.smallrye.mutiny.Uni;

/**
 * Reads after writes, for every read of a ledger ({@code GET}/{@code HEAD} of a path with {@code {ledger_id}}),
 * whatever resource answers it: {@code min_sequence} holds the read until the ledger's projection has reached
 * it ({@code 409 PROJECTION_BEHIND} after {@code laas.projector.read-your-writes.max-wait}), and the answer
 * carries the sequence the read reflects at least in {@code Ledger-Sequence}. The sequence is taken before the
 * resource reads, so the read shows that sequence or a later one. A ledger the token does not grant is left to
 * the resource (404).
 */
public class ReadSequenceFilter {

    private static final String LEDGER_ID = "ledger_id";
    private static final String SEQUENCE = ReadSequenceFilter.class.getName() + ".sequence";
    /** Sequences are positive and far below this; more digits cannot be one. */
    private static final int MAX_DIGITS = 18;

    private final ProjectedSequences sequences;
    private final JsonWebToken jwt;

    public ReadSequenceFilter(ProjectedSequences sequences, JsonWebToken jwt) {
        this.sequences = sequences;
        this.jwt = jwt;
    }

    @ServerRequestFilter
    public Uni<Void> awaitSequence(ContainerRequestContext request) {
        String ledgerParam = request.getUriInfo().getPathParameters().getFirst(LEDGER_ID);
        String method = request.getMethod();
        if (ledgerParam == null || !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))) {
            return Uni.createFrom().voidItem();
        }
        UUID ledgerId = grantedLedger(ledgerParam);
        if (ledgerId == null) {
            return Uni.createFrom().voidItem();
        }
        Long min = minSequence(request.getUriInfo().getQueryParameters().getFirst(LedgerSequence.MIN_SEQUENCE));
        Uni<Long> sequence = min == null ? sequences.current(ledgerId) : sequences.atLeast(ledgerId, min);
        return sequence.invoke(reached -> {
            request.setProperty(SEQUENCE, reached);
            if (min != null && reached < min) {
                throw behind(ledgerId, reached, min);
            }
        }).replaceWithVoid();
    }

    @ServerResponseFilter
    public void ledgerSequence(ContainerRequestContext request, ContainerResponseContext response) {
        Object sequence = request.getProperty(SEQUENCE);
        if (sequence != null) {
            response.getHeaders().putSingle(LedgerSequence.HEADER, sequence.toString());
        }
    }

    private UUID grantedLedger(String ledgerParam) {
        try {
            return LedgerAccess.require(jwt, ledgerParam);
        } catch (ProblemException notGranted) {
            return null;
        }
    }

    /** {@code null} when absent or blank (no minimum), else a whole number of at least 0, or 400. */
    static Long minSequence(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.trim();
        if (value.length() > MAX_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.validation(LedgerSequence.MIN_SEQUENCE,
                    "must be a whole number of at least 0 (a Ledger-Sequence of a write)");
        }
        return Long.parseLong(value);
    }

    private static ProblemException behind(UUID ledgerId, long current, long min) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("current_sequence", current);
        extensions.put("min_sequence", min);
        return ProblemException.conflict("PROJECTION_BEHIND", "The projection of ledger " + ledgerId
                + " is at sequence " + current + " and did not reach " + min + " in time; retry shortly.", extensions);
    }
}
