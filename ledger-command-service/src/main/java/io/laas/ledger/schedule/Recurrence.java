package io.laas.ledger.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * When a schedule's runs fall due, in UTC: once ({@code unit} {@code null}); every {@code count} days,
 * weeks or months counted from the start (so a schedule started on the 31st runs on the last day of
 * shorter months and on the 31st again after); or at each time of a five-field cron expression
 * (minute hour day-of-month month day-of-week) from the start on.
 */
public record Recurrence(Unit unit, int count, String cron) {

    public enum Unit {
        DAY, WEEK, MONTH, CRON;

        public String wire() {
            return name().toLowerCase();
        }

        public static Unit fromWire(String value) {
            for (Unit unit : values()) {
                if (unit.wire().equals(value)) {
                    return unit;
                }
            }
            return null;
        }
    }

    public static final Recurrence ONCE = new Recurrence(null, 0, null);
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Parses a cron expression, or throws {@link IllegalArgumentException} with the parser's reason. */
    public static Cron parseCron(String expression) {
        return PARSER.parse(expression).validate();
    }

    /**
     * When run {@code run} (1 for the first) falls due, given the start and the previous run's due time
     * ({@code null} for the first run); empty when the recurrence has no such run.
     */
    public Optional<Instant> due(int run, Instant start, Instant previous) {
        ZonedDateTime from = start.atZone(ZoneOffset.UTC);
        if (unit == null) {
            return run == 1 ? Optional.of(start) : Optional.empty();
        }
        long steps = (long) (run - 1) * count;
        return switch (unit) {
            case DAY -> Optional.of(from.plusDays(steps).toInstant());
            case WEEK -> Optional.of(from.plusWeeks(steps).toInstant());
            case MONTH -> Optional.of(from.plusMonths(steps).toInstant());
            case CRON -> {
                ExecutionTime times = ExecutionTime.forCron(parseCron(cron));
                // the first run is the first time at or after the start; each later one the next after the previous
                ZonedDateTime after = previous == null ? from.minusNanos(1) : previous.atZone(ZoneOffset.UTC);
                yield times.nextExecution(after).map(ZonedDateTime::toInstant);
            }
        };
    }
}
