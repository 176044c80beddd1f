package io.laas.projector.balance.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.projector.balance.Basis;
import io.laas.projector.balance.EntryKey;
import io.laas.projector.balance.Interval;
import io.laas.projector.balance.Statement;
import io.laas.projector.balance.service.BalanceService;
import io.laas.projector.common.CsvText;
import io.laas.projector.report.rest.ReportCsv;
import io.laas.web.pagination.PageRequest;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/** An account's history: its statement for a period and its balance at the end of each interval of one. */
@Path("/v1/ledgers/{ledger_id}/accounts/{code}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Accounts", description = "Account balances of a ledger (read model)")
public class AccountHistoryResource {

    /** Statement pages: 100 lines unless the client asks for up to 1,000. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** The most postings of a CSV statement (the whole period, read in pages of {@value #MAX_LIMIT}). */
    static final int MAX_CSV_LINES = 100_000;
    /** The most points of a balance history. */
    static final int MAX_POINTS = 1_000;

    /** The times a cursor may hold: those of the years 0001 to 9999 (what the time parameters accept). */
    private static final long FIRST_MICROS = micros(Instant.parse("0001-01-01T00:00:00Z"));
    private static final long LAST_MICROS = micros(Instant.parse("9999-12-31T23:59:59.999999Z"));

    private static final MediaType CSV = MediaType.valueOf(CsvText.MEDIA_TYPE + ";charset=UTF-8");

    private final BalanceService balances;
    private final JsonWebToken jwt;

    public AccountHistoryResource(BalanceService balances, JsonWebToken jwt) {
        this.balances = balances;
        this.jwt = jwt;
    }

    /**
     * The postings of [{@code from}, {@code to}) in order with the balance after each, the opening and closing
     * balances, and what was held at the end; paged by cursor. {@code basis=effective} (default) orders by
     * effective time, {@code recorded} by recording time; both then by sequence and posting index. With
     * {@code Accept: text/csv}, the whole period as CSV ({@link StatementCsv}), at most {@value #MAX_CSV_LINES}
     * postings; any other {@code Accept} is answered 406 NOT_ACCEPTABLE before the method runs.
     */
    @GET
    @Path("/statement")
    @Produces({ MediaType.APPLICATION_JSON, CsvText.MEDIA_TYPE })
    public Uni<Response> statement(@PathParam("ledger_id") String ledgerId, @PathParam("code") String code,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("basis") String basis,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context HttpHeaders headers) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        boolean csv = ReportCsv.prefersCsv(headers);
        TimeParams params = new TimeParams();
        OffsetDateTime start = params.time("from", from, true);
        OffsetDateTime end = params.time("to", to, true);
        params.range(start, end);
        Basis on = params.basis(basis);
        if (csv) {
            wholePeriodOnly(params, "limit", limit);
            wholePeriodOnly(params, "cursor", cursor);
        }
        params.check();
        if (csv) {
            return balances.wholeStatement(ledger, code, on, start, end, MAX_LIMIT, MAX_CSV_LINES).map(statement -> {
                if (statement.next() != null) {
                    TimeParams tooLong = new TimeParams();
                    tooLong.error("to", "the period holds more than " + MAX_CSV_LINES + " postings, at most "
                            + MAX_CSV_LINES + " in a CSV statement: choose a shorter period");
                    tooLong.check();
                }
                return Response.ok(StatementCsv.of(StatementResponse.of(statement, null)), CSV).build();
            });
        }
        String kind = cursorKind(on);
        PageRequest page = PageRequest.of(limit, cursor, kind, DEFAULT_LIMIT, MAX_LIMIT);
        EntryKey after = page.after() == null ? null : key(page.after());
        return balances.statement(ledger, code, on, start, end, after, page.limit())
                .map(statement -> Response.ok(StatementResponse.of(statement, cursor(kind, statement)),
                        MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** The CSV is the whole period: a page's {@code limit} or {@code cursor} has no meaning there. */
    private static void wholePeriodOnly(TimeParams params, String field, String value) {
        if (value != null && !value.isEmpty()) {
            params.error(field, "is not taken with Accept: text/csv, which answers the whole period");
        }
    }

    /**
     * The balance at the end of each interval ({@code day} or {@code hour}, from {@code from}) of [{@code from},
     * {@code to}), at most {@value #MAX_POINTS} points.
     */
    @GET
    @Path("/balance-history")
    public Uni<BalanceHistoryResponse> history(@PathParam("ledger_id") String ledgerId, @PathParam("code") String code,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("basis") String basis) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        TimeParams params = new TimeParams();
        OffsetDateTime start = params.time("from", from, true);
        OffsetDateTime end = params.time("to", to, true);
        params.range(start, end);
        Interval step = params.interval(interval);
        Basis on = params.basis(basis);
        if (start != null && end != null && end.isAfter(start) && step != null) {
            long points = BalanceService.points(start, end, step);
            if (points > MAX_POINTS) {
                params.error("interval", "gives " + points + " points from " + start.toInstant() + " to " + end.toInstant() + ", at most "
                        + MAX_POINTS + ": use a longer interval or a shorter range");
            }
        }
        params.check();
        return balances.history(ledger, code, on, step, start, end).map(BalanceHistoryResponse::of);
    }

    /** A cursor of one basis is refused by the other: its key is a time on that basis. */
    private static String cursorKind(Basis basis) {
        return basis == Basis.EFFECTIVE ? "stme1" : "stmr1";
    }

    private static String cursor(String kind, Statement statement) {
        EntryKey next = statement.next();
        if (next == null) {
            return null;
        }
        return PageRequest.encode(kind, micros(next.time().toInstant()) + ":" + next.sequence() + ":"
                + next.position());
    }

    /** Microseconds since the epoch (ChronoUnit.MICROS.between counts nanoseconds, which overflow past 292 years). */
    private static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
    }

    private static EntryKey key(String raw) {
        String[] parts = raw.split(":");
        if (parts.length != 3) {
            throw PageRequest.invalidCursor();
        }
        long micros = PageRequest.numericKey(parts[0]);
        long sequence = PageRequest.numericKey(parts[1]);
        long position = PageRequest.numericKey(parts[2]);
        if (sequence < 1 || position < 0 || position > Integer.MAX_VALUE || micros < FIRST_MICROS
                || micros > LAST_MICROS) {
            throw PageRequest.invalidCursor();
        }
        return new EntryKey(Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC), sequence,
                (int) position);
    }
}
