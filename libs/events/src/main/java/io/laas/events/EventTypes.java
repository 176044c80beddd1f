package io.laas.events;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalogue of event types a webhook endpoint can subscribe to: the ledger's events (docs/events.md, "Event
 * types") and the operational events the webhook service emits itself. A subscription entry is one of these types,
 * {@code *} (every type) or {@code <family>.*} for a family of them ({@code transaction.*}).
 */
public final class EventTypes {

    public static final String ASSET_DECLARED = "asset.declared";
    public static final String ACCOUNT_CREATED = "account.created";
    public static final String ACCOUNT_UPDATED = "account.updated";
    public static final String TRANSACTION_POSTED = "transaction.posted";
    public static final String TRANSACTION_PENDING = "transaction.pending";
    public static final String TRANSACTION_COMMITTED = "transaction.committed";
    public static final String TRANSACTION_VOIDED = "transaction.voided";
    public static final String TRANSACTION_REVERSED = "transaction.reversed";
    public static final String SCHEDULE_CREATED = "schedule.created";
    public static final String SCHEDULE_UPDATED = "schedule.updated";
    public static final String SCHEDULE_RUN_FAILED = "schedule.run_failed";

    /** An endpoint was disabled (after failing for too long): sent to the ledger's other endpoints. */
    public static final String ENDPOINT_DISABLED = "endpoint.disabled";
    /** A test message sent to one endpoint on request. */
    public static final String WEBHOOK_TEST = "webhook.test";

    public static final List<String> LEDGER = List.of(ASSET_DECLARED, ACCOUNT_CREATED, ACCOUNT_UPDATED,
            TRANSACTION_POSTED, TRANSACTION_PENDING, TRANSACTION_COMMITTED, TRANSACTION_VOIDED, TRANSACTION_REVERSED,
            SCHEDULE_CREATED, SCHEDULE_UPDATED, SCHEDULE_RUN_FAILED);

    public static final List<String> OPERATIONAL = List.of(ENDPOINT_DISABLED, WEBHOOK_TEST);

    /** Every type an endpoint can receive. */
    public static final Set<String> ALL;

    /** The families of {@link #ALL} ({@code transaction} of {@code transaction.posted}). */
    public static final Set<String> FAMILIES;

    public static final String EVERY_TYPE = "*";
    private static final String FAMILY_WILDCARD = ".*";

    static {
        Set<String> all = new TreeSet<>(LEDGER);
        all.addAll(OPERATIONAL);
        ALL = Set.copyOf(all);
        Set<String> families = new TreeSet<>();
        all.forEach(type -> families.add(type.substring(0, type.indexOf('.'))));
        FAMILIES = Set.copyOf(families);
    }

    private EventTypes() {
    }

    /** Whether {@code pattern} is a subscription entry: a known type, {@code *} or {@code <known family>.*}. */
    public static boolean isSubscription(String pattern) {
        if (pattern == null) {
            return false;
        }
        if (pattern.equals(EVERY_TYPE) || ALL.contains(pattern)) {
            return true;
        }
        return pattern.endsWith(FAMILY_WILDCARD)
                && FAMILIES.contains(pattern.substring(0, pattern.length() - FAMILY_WILDCARD.length()));
    }
}
