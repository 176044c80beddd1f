package io.laas.webhook.message;

import java.time.Instant;

/**
 * The filters of a ledger's message list: {@code eventType} exact, or {@code eventFamily} (the part before
 * {@code .*}, so {@code transaction} for {@code transaction.*}); received in [{@code since}, {@code until}).
 * Each {@code null} when not given.
 */
public record MessageFilter(String eventType, String eventFamily, Instant since, Instant until) {
}
