package io.laas.web.logging;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.laas.web.security.ApiKeyFormat;

/**
 * The fields every log line carries besides its message (in production each is a top-level field of the JSON
 * line): which request, tenant and credential the line belongs to. They live in the MDC, which Quarkus keeps in the
 * request's own Vert.x duplicated context ({@code VertxMDC}): a field put while handling a request is seen by every
 * line logged for that request, on the event loop, a worker thread or a later Mutiny continuation, and by no other
 * request.
 * <p>
 * Never a secret: ids only (the {@code credential_id} is an API key's or OAuth client's id, or a person's user id,
 * never a key, secret or token).
 */
public final class LogFields {

    public static final String REQUEST_ID = "request_id";
    public static final String ORG_ID = "org_id";
    public static final String PROJECT_ID = "project_id";
    public static final String LEDGER_ID = "ledger_id";
    public static final String TRANSACTION_ID = "transaction_id";
    /** The API key id or OAuth client id that made the call; a person's user id for a console session. */
    public static final String CREDENTIAL_ID = "credential_id";
    /** The event a Kafka consumer is handling. */
    public static final String EVENT_ID = "event_id";

    /** What an id taken from a path or a header must look like to be logged (bounded, no spaces or quotes). */
    private static final Pattern LOGGABLE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private LogFields() {
    }

    /** Adds a field to the lines of the request (or message) being handled; a null or malformed value is left out. */
    public static void put(String field, Object value) {
        if (value != null) {
            String text = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
            if (ApiKeyFormat.looksLikeApiKey(text) && text.length() > ApiKeyFormat.prefix(text).length()) {
                // a whole key where an id was expected (a client that sent its key as client_id): only its prefix
                text = ApiKeyFormat.prefix(text);
            }
            if (LOGGABLE_ID.matcher(text).matches()) {
                MDC.put(field, text);
            }
        }
    }

    public static String get(String field) {
        Object value = MDC.get(field);
        return value == null ? null : value.toString();
    }

    /**
     * Runs {@code log} with the fields of one event, then puts back what was there: for code that handles many
     * events at once (a Kafka batch), where a line about one of them must name it.
     *
     * @param ledgerId the event's ledger, or null
     * @param orgId the event's organisation, or null
     */
    public static void forEvent(Object eventId, Object ledgerId, Object orgId, Runnable log) {
        Map<String, Object> previous = new HashMap<>();
        previous.put(EVENT_ID, MDC.get(EVENT_ID));
        previous.put(LEDGER_ID, MDC.get(LEDGER_ID));
        previous.put(ORG_ID, MDC.get(ORG_ID));
        try {
            MDC.remove(EVENT_ID);
            MDC.remove(LEDGER_ID);
            MDC.remove(ORG_ID);
            put(EVENT_ID, eventId);
            put(LEDGER_ID, ledgerId);
            put(ORG_ID, orgId);
            log.run();
        } finally {
            previous.forEach((field, value) -> {
                if (value == null) {
                    MDC.remove(field);
                } else {
                    MDC.put(field, value);
                }
            });
        }
    }
}
