package io.laas.projector.report.service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.balance.Basis;
import io.laas.projector.report.AccountBalance;
import io.laas.projector.report.BalanceSheet;
import io.laas.projector.report.IncomeStatement;
import io.laas.projector.report.ReportSection;
import io.laas.projector.report.TrialBalance;
import io.laas.projector.report.repository.ReportRepository;
import io.smallrye.mutiny.Uni;

/**
 * Trial balance, balance sheet and income statement of a ledger, per currency, on posted amounts (what pending
 * transactions hold moves no report until it is committed). The figures of a report are read in one statement;
 * the trees and their roll-ups are built here. A report {@code asOf} a time includes what is at that very
 * microsecond; without it, the accounts' current totals (everything the read model has applied).
 */
@ApplicationScoped
public class ReportService {

    private static final String DEBIT = "debit";
    private static final String CREDIT = "credit";

    private static final List<String> ALL_TYPES = List.of("asset", "liability", "equity", "revenue", "expense");
    private static final List<String> INCOME_TYPES = List.of("revenue", "expense");

    private final ReportRepository reports;

    public ReportService(ReportRepository reports) {
        this.reports = reports;
    }

    /** What a report asks: its ledger, one currency or all ({@code null}), and whether zero accounts show. */
    public record Scope(UUID ledgerId, String currency, boolean includeZero) {
    }

    public Uni<TrialBalance> trialBalance(Scope scope, OffsetDateTime asOf, Basis basis) {
        return balances(scope, ALL_TYPES, asOf, basis).map(byCurrency -> {
            List<TrialBalance.Part> parts = new ArrayList<>(byCurrency.size());
            byCurrency.forEach((currency, accounts) -> {
                BigDecimal debits = BigDecimal.ZERO;
                BigDecimal credits = BigDecimal.ZERO;
                for (AccountBalance account : accounts) {
                    if (account.netDebit().signum() > 0) {
                        debits = debits.add(account.netDebit());
                    } else {
                        credits = credits.subtract(account.netDebit());
                    }
                }
                parts.add(new TrialBalance.Part(currency, scale(accounts),
                        AccountTree.lines(accounts, scope.includeZero()), debits, credits));
            });
            return new TrialBalance(time(asOf), basis, List.copyOf(parts));
        });
    }

    public Uni<BalanceSheet> balanceSheet(Scope scope, OffsetDateTime asOf, Basis basis) {
        return balances(scope, ALL_TYPES, asOf, basis).map(byCurrency -> {
            List<BalanceSheet.Part> parts = new ArrayList<>(byCurrency.size());
            byCurrency.forEach((currency, accounts) -> {
                ReportSection assets = section(accounts, "asset", DEBIT, scope.includeZero());
                ReportSection liabilities = section(accounts, "liability", CREDIT, scope.includeZero());
                ReportSection equity = section(accounts, "equity", CREDIT, scope.includeZero());
                BigDecimal currentEarnings = AccountTree.total(
                        of(accounts, account -> INCOME_TYPES.contains(account.type())), CREDIT);
                BigDecimal totalEquity = equity.total().add(currentEarnings);
                parts.add(new BalanceSheet.Part(currency, scale(accounts), assets, liabilities, equity,
                        currentEarnings, totalEquity, liabilities.total().add(totalEquity)));
            });
            return new BalanceSheet(time(asOf), basis, List.copyOf(parts));
        });
    }

    public Uni<IncomeStatement> incomeStatement(Scope scope, OffsetDateTime from, OffsetDateTime to, Basis basis) {
        return reports.between(scope.ledgerId(), scope.currency(), INCOME_TYPES, basis, from, to)
                .map(ReportService::byCurrency)
                .map(byCurrency -> {
                    List<IncomeStatement.Part> parts = new ArrayList<>(byCurrency.size());
                    byCurrency.forEach((currency, accounts) -> {
                        ReportSection revenue = section(accounts, "revenue", CREDIT, scope.includeZero());
                        ReportSection expenses = section(accounts, "expense", DEBIT, scope.includeZero());
                        parts.add(new IncomeStatement.Part(currency, scale(accounts), revenue, expenses,
                                revenue.total().subtract(expenses.total())));
                    });
                    return new IncomeStatement(from, to, basis, List.copyOf(parts));
                });
    }

    /** Current totals without {@code asOf}; else the totals of the entries at or before it. */
    private Uni<Map<String, List<AccountBalance>>> balances(Scope scope, List<String> types, OffsetDateTime asOf,
            Basis basis) {
        Uni<List<AccountBalance>> read = asOf == null
                ? reports.current(scope.ledgerId(), scope.currency(), types)
                : reports.before(scope.ledgerId(), scope.currency(), types, basis, asOf.plus(1, ChronoUnit.MICROS));
        return read.map(ReportService::byCurrency);
    }

    private static ReportSection section(List<AccountBalance> accounts, String type, String direction,
            boolean includeZero) {
        List<AccountBalance> members = of(accounts, account -> account.type().equals(type));
        return new ReportSection(direction, AccountTree.lines(members, includeZero),
                AccountTree.total(members, direction));
    }

    private static List<AccountBalance> of(List<AccountBalance> accounts, Predicate<AccountBalance> test) {
        return accounts.stream().filter(test).toList();
    }

    /** The accounts split by currency, each part in the order read (by code). */
    private static Map<String, List<AccountBalance>> byCurrency(List<AccountBalance> accounts) {
        Map<String, List<AccountBalance>> parts = new LinkedHashMap<>();
        for (AccountBalance account : accounts) {
            parts.computeIfAbsent(account.currency(), c -> new ArrayList<>()).add(account);
        }
        return parts;
    }

    /** The scale the ledger gave the currency (its accounts agree on it), or {@code null}: the ISO one. */
    private static Integer scale(List<AccountBalance> accounts) {
        for (AccountBalance account : accounts) {
            if (account.scale() != null) {
                return account.scale();
            }
        }
        return null;
    }

    /** The time a report is as of: the one asked, or now for the current totals. */
    private static OffsetDateTime time(OffsetDateTime asOf) {
        return asOf != null ? asOf
                : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
