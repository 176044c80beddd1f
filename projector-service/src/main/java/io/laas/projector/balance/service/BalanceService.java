package io.laas.projector.balance.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.account.Account;
import io.laas.projector.account.repository.AccountRepository;
import io.laas.projector.balance.BalanceHistory;
import io.laas.projector.balance.Basis;
import io.laas.projector.balance.EntryKey;
import io.laas.projector.balance.Interval;
import io.laas.projector.balance.Statement;
import io.laas.projector.balance.Totals;
import io.laas.projector.balance.repository.BalanceRepository;
import io.laas.projector.balance.repository.BalanceRepository.StatementRow;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Statements, balances as of a time and balance histories of accounts, from their entries. Times are inclusive
 * for a balance as of {@code T} (the entries at {@code T} count) and half-open for a range: [{@code from},
 * {@code to}), so the closing balance of one statement is the opening balance of the next.
 */
@ApplicationScoped
public class BalanceService {

    private final AccountRepository accounts;
    private final BalanceRepository balances;

    public BalanceService(AccountRepository accounts, BalanceRepository balances) {
        this.accounts = accounts;
        this.balances = balances;
    }

    /**
     * One page of the statement of the account {@code code} for [{@code from}, {@code to}): up to {@code limit}
     * lines after {@code after} (the previous page's last line; {@code null} for the first page), read in one
     * snapshot with the opening and closing totals.
     */
    public Uni<Statement> statement(UUID ledgerId, String code, Basis basis, OffsetDateTime from, OffsetDateTime to,
            EntryKey after, int limit) {
        EntryKey start = after == null ? EntryKey.before(from) : EntryKey.later(after, EntryKey.before(from));
        return account(ledgerId, code).chain(account -> balances.snapshot(ledgerId, conn -> {
            UUID id = account.id();
            BalanceRepository.Reads reads = BalanceRepository.on(conn);
            Uni<List<Totals>> bounds = basis == Basis.EFFECTIVE
                    ? balances.beforeEffective(reads, List.of(id, id, id), List.of(EntryKey.before(from),
                            EntryKey.before(to), after == null ? start : start.justAfter()))
                    : balances.beforeRecorded(reads, List.of(id, id), List.of(from, to));
            Uni<List<StatementRow>> rows = balances.page(reads, id, basis, start, to, limit + 1);
            return Uni.combine().all().unis(bounds, rows).asTuple()
                    .map(read -> statement(account, basis, from, to, read.getItem1(), read.getItem2(), limit));
        }));
    }

    /**
     * The whole statement of the account {@code code} for [{@code from}, {@code to}) in one snapshot, read
     * {@code pageSize} lines at a time, at most {@code maxLines} lines: its {@code next} is set when the period
     * holds more.
     */
    public Uni<Statement> wholeStatement(UUID ledgerId, String code, Basis basis, OffsetDateTime from,
            OffsetDateTime to, int pageSize, int maxLines) {
        EntryKey start = EntryKey.before(from);
        return account(ledgerId, code).chain(account -> balances.snapshot(ledgerId, conn -> {
            UUID id = account.id();
            BalanceRepository.Reads reads = BalanceRepository.on(conn);
            Uni<List<Totals>> bounds = basis == Basis.EFFECTIVE
                    ? balances.beforeEffective(reads, List.of(id, id, id), List.of(start, EntryKey.before(to), start))
                    : balances.beforeRecorded(reads, List.of(id, id), List.of(from, to));
            return bounds.chain(read -> rowsFrom(reads, id, basis, start, to, pageSize, maxLines + 1,
                    new ArrayList<>())
                    .map(rows -> statement(account, basis, from, to, read, rows, maxLines)));
        }));
    }

    /** The rows after {@code after}, page by page, until the period ends or {@code wanted} rows are read. */
    private Uni<List<StatementRow>> rowsFrom(BalanceRepository.Reads reads, UUID account, Basis basis,
            EntryKey after, OffsetDateTime to, int pageSize, int wanted, List<StatementRow> read) {
        int size = Math.min(pageSize, wanted - read.size());
        return balances.page(reads, account, basis, after, to, size).chain(page -> {
            read.addAll(page);
            if (page.size() < size || read.size() >= wanted) {
                return Uni.createFrom().item(read);
            }
            StatementRow last = page.get(page.size() - 1);
            EntryKey key = new EntryKey(basis == Basis.EFFECTIVE ? last.effectiveAt() : last.recordedAt(),
                    last.sequence(), last.position());
            return rowsFrom(reads, account, basis, key, to, pageSize, wanted, read);
        });
    }

    private static Statement statement(Account account, Basis basis, OffsetDateTime from, OffsetDateTime to,
            List<Totals> bounds, List<StatementRow> rows, int limit) {
        String normal = account.normalBalance();
        BigDecimal running = basis == Basis.EFFECTIVE ? bounds.get(2).balance(normal) : null;
        List<Statement.Line> lines = new ArrayList<>(Math.min(rows.size(), limit));
        for (StatementRow row : rows.subList(0, Math.min(rows.size(), limit))) {
            BigDecimal balance;
            if (basis == Basis.EFFECTIVE) {
                running = running.add(Totals.signed(normal, row.direction(), row.amount()));
                balance = running;
            } else {
                balance = row.after().balance(normal);
            }
            lines.add(new Statement.Line(row.transactionId(), row.position(), row.sequence(), row.kind(),
                    row.effectiveAt(), row.recordedAt(), row.direction(), row.amount(), balance,
                    new EntryKey(basis == Basis.EFFECTIVE ? row.effectiveAt() : row.recordedAt(), row.sequence(),
                            row.position())));
        }
        EntryKey next = rows.size() > limit ? lines.get(lines.size() - 1).key() : null;
        return new Statement(account, basis, from, to, bounds.get(0), bounds.get(1), List.copyOf(lines), next);
    }

    /**
     * The balance of the account {@code code} before {@code from} and at the end of each interval of [{@code from},
     * {@code to}) (the caller has bounded their number), in one statement: on recorded time one probe per point,
     * on effective time at most one chunk of entries per point.
     */
    public Uni<BalanceHistory> history(UUID ledgerId, String code, Basis basis, Interval interval,
            OffsetDateTime from, OffsetDateTime to) {
        List<OffsetDateTime> ends = ends(from, to, interval);
        List<OffsetDateTime> times = new ArrayList<>(ends.size() + 1);
        times.add(from);
        times.addAll(ends);
        return account(ledgerId, code).chain(account -> {
            UUID id = account.id();
            BalanceRepository.Reads reads = balances.alone(ledgerId);
            Uni<List<Totals>> totals = basis == Basis.RECORDED
                    ? balances.beforeRecorded(reads, Collections.nCopies(times.size(), id), times)
                    : balances.beforeEffective(reads, id, times);
            return totals.map(read -> {
                String normal = account.normalBalance();
                List<BalanceHistory.Point> points = new ArrayList<>(ends.size());
                for (int i = 0; i < ends.size(); i++) {
                    points.add(new BalanceHistory.Point(ends.get(i), read.get(i + 1).balance(normal)));
                }
                return new BalanceHistory(account, basis, interval, from, to, read.get(0).balance(normal),
                        List.copyOf(points));
            });
        });
    }

    /** The ends of the intervals of [from, to): from + interval, from + 2 × interval, …, the last one {@code to}. */
    public static List<OffsetDateTime> ends(OffsetDateTime from, OffsetDateTime to, Interval interval) {
        List<OffsetDateTime> ends = new ArrayList<>();
        OffsetDateTime end = from;
        do {
            end = end.plus(interval.length());
            ends.add(end.isBefore(to) ? end : to);
        } while (end.isBefore(to));
        return ends;
    }

    /** How many points a history of [from, to) by {@code interval} has. */
    public static long points(OffsetDateTime from, OffsetDateTime to, Interval interval) {
        Duration span = Duration.between(from, to);
        long whole = span.dividedBy(interval.length());
        return span.equals(interval.length().multipliedBy(whole)) ? whole : whole + 1;
    }

    /**
     * These accounts with their posted and held totals as of {@code at} on {@code basis} (the entries at
     * {@code at} included); everything else as it is now.
     */
    public Uni<List<Account>> asOf(UUID ledgerId, List<Account> found, OffsetDateTime at, Basis basis) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        OffsetDateTime cutoff = at.plus(1, ChronoUnit.MICROS);
        List<UUID> ids = found.stream().map(Account::id).toList();
        BalanceRepository.Reads reads = balances.alone(ledgerId);
        Uni<List<Totals>> totals = basis == Basis.EFFECTIVE
                ? balances.beforeEffective(reads, ids, Collections.nCopies(ids.size(), EntryKey.before(cutoff)))
                : balances.beforeRecorded(reads, ids, Collections.nCopies(ids.size(), cutoff));
        return totals.map(list -> {
            List<Account> asOf = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i++) {
                asOf.add(list.get(i).applyTo(found.get(i)));
            }
            return asOf;
        });
    }

    private Uni<Account> account(UUID ledgerId, String code) {
        return accounts.findByCode(ledgerId, code)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("ACCOUNT_NOT_FOUND",
                        "Account " + code + " was not found in ledger " + ledgerId + "."));
    }
}
