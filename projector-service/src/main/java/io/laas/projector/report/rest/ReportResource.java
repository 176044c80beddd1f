package io.laas.projector.report.rest;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.projector.balance.Basis;
import io.laas.projector.balance.rest.TimeParams;
import io.laas.projector.common.ListFilters;
import io.laas.projector.report.service.ReportService;
import io.laas.projector.report.service.ReportService.Scope;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Accounting reports of a ledger on posted amounts, per currency: trial balance, balance sheet and income
 * statement, as JSON or, with {@code Accept: text/csv}, as CSV ({@link ReportCsv}). Any other {@code Accept} is
 * answered 406 NOT_ACCEPTABLE before the method runs.
 */
@Path("/v1/ledgers/{ledger_id}/reports")
@Produces({ MediaType.APPLICATION_JSON, ReportCsv.MEDIA_TYPE })
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Reports", description = "Trial balance, balance sheet and income statement of a ledger (read model)")
public class ReportResource {

    private static final MediaType CSV = MediaType.valueOf(ReportCsv.MEDIA_TYPE + ";charset=UTF-8");

    private final ReportService reports;
    private final JsonWebToken jwt;

    public ReportResource(ReportService reports, JsonWebToken jwt) {
        this.reports = reports;
        this.jwt = jwt;
    }

    @GET
    @Path("/trial-balance")
    @KnownQueryParameters
    @Operation(summary = "Trial balance as of a time",
            description = "Per currency, every account with a non-zero posted balance (and its ancestors; all with "
                    + "include_zero=true) with its balance on the debit or credit side, its own and rolled-up "
                    + "balance, and the column totals. as_of absent: now. JSON or text/csv.")
    public Uni<Response> trialBalance(@PathParam("ledger_id") String ledgerId, @QueryParam("as_of") String asOf,
            @QueryParam("basis") String basis, @QueryParam("currency") String currency,
            @QueryParam("include_zero") String includeZero, @Context HttpHeaders headers) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        PointInTime query = pointInTime(ledger, asOf, basis, currency, includeZero);
        return reports.trialBalance(query.scope(), query.at(), query.basis()).map(report -> respond(headers,
                TrialBalanceResponse.of(ledger, report), ReportCsv::trialBalance));
    }

    @GET
    @Path("/balance-sheet")
    @KnownQueryParameters
    @Operation(summary = "Balance sheet as of a time",
            description = "Per currency, assets, liabilities and equity as trees with rolled-up amounts, the current "
                    + "earnings (revenue - expenses up to as_of) in equity, and whether assets equal liabilities + "
                    + "equity. as_of absent: now. JSON or text/csv.")
    public Uni<Response> balanceSheet(@PathParam("ledger_id") String ledgerId, @QueryParam("as_of") String asOf,
            @QueryParam("basis") String basis, @QueryParam("currency") String currency,
            @QueryParam("include_zero") String includeZero, @Context HttpHeaders headers) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        PointInTime query = pointInTime(ledger, asOf, basis, currency, includeZero);
        return reports.balanceSheet(query.scope(), query.at(), query.basis()).map(report -> respond(headers,
                BalanceSheetResponse.of(ledger, report), ReportCsv::balanceSheet));
    }

    @GET
    @Path("/income-statement")
    @KnownQueryParameters
    @Operation(summary = "Income statement of a period",
            description = "Per currency, what revenue and expense accounts moved in [from, to) as trees with "
                    + "rolled-up amounts, and net income. from and to required. JSON or text/csv.")
    public Uni<Response> incomeStatement(@PathParam("ledger_id") String ledgerId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("basis") String basis, @QueryParam("currency") String currency,
            @QueryParam("include_zero") String includeZero, @Context HttpHeaders headers) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        TimeParams params = new TimeParams();
        OffsetDateTime start = params.time("from", from, true);
        OffsetDateTime end = params.time("to", to, true);
        params.range(start, end);
        Basis on = params.basis(basis);
        Scope scope = scope(params, ledger, currency, includeZero);
        params.check();
        return reports.incomeStatement(scope, start, end, on).map(report -> respond(headers,
                IncomeStatementResponse.of(ledger, report), ReportCsv::incomeStatement));
    }

    /** What a report as of a time reads: {@code as_of} ({@code null}: now), {@code basis} and its scope. */
    private record PointInTime(Scope scope, OffsetDateTime at, Basis basis) {
    }

    /** The parameters of a report as of a time; 400 VALIDATION_FAILED listing every bad one. */
    private static PointInTime pointInTime(UUID ledger, String asOf, String basis, String currency,
            String includeZero) {
        TimeParams params = new TimeParams();
        OffsetDateTime at = params.time("as_of", asOf, false);
        Basis on = params.basis(basis);
        Scope scope = scope(params, ledger, currency, includeZero);
        params.check();
        return new PointInTime(scope, at, on);
    }

    /** The {@code currency} and {@code include_zero} parameters; a bad one is added to {@code params}' errors. */
    private static Scope scope(TimeParams params, UUID ledger, String currency, String includeZero) {
        String only = currency == null || currency.isBlank() ? null : currency;
        if (only != null && !ListFilters.CURRENCY.matcher(only).matches()) {
            params.error("currency", ListFilters.CURRENCY_MESSAGE);
        }
        boolean zero = false;
        if (includeZero != null && !includeZero.isBlank()) {
            if (includeZero.equals("true")) {
                zero = true;
            } else if (!includeZero.equals("false")) {
                params.error("include_zero", "must be true or false");
            }
        }
        return new Scope(ledger, only, zero);
    }

    /** JSON unless the client prefers CSV ({@link ReportCsv#prefersCsv}). */
    private static <T> Response respond(HttpHeaders headers, T report, Function<T, String> csv) {
        if (ReportCsv.prefersCsv(headers)) {
            return Response.ok(csv.apply(report), CSV).build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
