package io.laas.ledger.schedule;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The transaction a schedule posts at each run, stored as JSON in the request's own shape (no
 * idempotency key: each run derives its own).
 */
public final class TransactionTemplate {

    private TransactionTemplate() {
    }

    public static JsonObject of(TransactionCommand command) {
        JsonArray postings = new JsonArray();
        for (PostingLine line : command.postings()) {
            JsonObject posting = new JsonObject()
                    .put("account_code", line.accountCode())
                    .put("direction", line.direction().wire())
                    .put("amount", line.amount().toPlainString());
            if (line.currency() != null) {
                posting.put("currency", line.currency());
            }
            postings.add(posting);
        }
        JsonObject template = new JsonObject();
        if (command.externalId() != null) {
            template.put("external_id", command.externalId());
        }
        if (command.currency() != null) {
            template.put("currency", command.currency());
        }
        return template.put("postings", postings).put("metadata", command.metadata());
    }

    /** The template as a command of run {@code run} of the schedule, effective at its due time. */
    public static TransactionCommand command(Schedule schedule, int run, java.time.Instant dueAt) {
        JsonObject template = schedule.template();
        List<PostingLine> lines = new ArrayList<>();
        for (Object item : template.getJsonArray("postings")) {
            JsonObject posting = (JsonObject) item;
            lines.add(new PostingLine(posting.getString("account_code"), Direction.fromWire(posting.getString("direction")),
                    new BigDecimal(posting.getString("amount")), posting.getString("currency")));
        }
        String key = runKey(schedule.id(), run);
        TransactionCommand command = new TransactionCommand(schedule.ledgerId(), key, template.getString("external_id"),
                template.getString("currency"), dueAt, false, null, lines, template.getJsonObject("metadata"), null);
        // the key names the schedule and the run, so it stands for the whole request
        return command.asRun(schedule.id(), key, dueAt, "schedule-run:" + key);
    }

    /** The idempotency key of run {@code run}: posting it again, anywhere, is a replay. */
    public static String runKey(UUID scheduleId, int run) {
        return TransactionCommand.RESERVED_KEY_PREFIX + scheduleId + ":" + run;
    }
}
