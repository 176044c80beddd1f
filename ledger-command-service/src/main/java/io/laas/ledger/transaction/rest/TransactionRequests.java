package io.laas.ledger.transaction.rest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.laas.ledger.common.rest.RequestFields;
import io.laas.ledger.transaction.BalanceAssertion;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.Money;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.web.problem.ProblemException;
import static io.laas.ledger.common.rest.RequestFields.error;
import static io.laas.ledger.common.rest.RequestFields.invalid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Turns a request body into a {@link TransactionCommand}, or a 400 VALIDATION_FAILED listing every problem. */
public final class TransactionRequests {

    static final int MAX_POSTINGS = 256;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final int MAX_TEXT = 255;
    private static final String CURRENCY_FORMAT = "must be an ISO 4217 code such as USD or a declared asset code"
            + " (2-16 characters of A-Z 0-9, starting with a letter)";

    private TransactionRequests() {
    }

    public static TransactionCommand toCommand(UUID ledgerId, String headerKey, PostTransactionRequest body) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (body == null) {
            throw invalid(List.of(error("body", "a JSON body is required")));
        }

        String key = idempotencyKey(headerKey, body.idempotencyKey(), errors);
        if (body.externalId() != null && (body.externalId().isBlank() || body.externalId().length() > MAX_TEXT
                || body.externalId().indexOf('\0') >= 0)) {
            errors.add(error("external_id", "must be 1-" + MAX_TEXT + " characters (no NUL) when present"));
        }
        if (body.currency() != null && !Money.CODE.matcher(body.currency()).matches()) {
            errors.add(error("currency", CURRENCY_FORMAT));
        }
        Instant occurredAt = RequestFields.instant("occurred_at", body.occurredAt(), errors);
        boolean pending = false;
        if (body.status() != null) {
            if ("pending".equals(body.status())) {
                pending = true;
            } else if (!"posted".equals(body.status())) {
                errors.add(error("status", "must be posted or pending"));
            }
        }
        Instant expiresAt = RequestFields.instant("expires_at", body.expiresAt(), errors);
        if (expiresAt != null && !pending) {
            errors.add(error("expires_at", "is only for a pending transaction (status pending)"));
        } else if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            errors.add(error("expires_at", "must be in the future"));
        }
        JsonObject metadata = RequestFields.metadata("metadata", body.metadata(), errors);
        List<PostingLine> postings = postings(body.postings(), errors);

        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        TransactionCommand unhashed = new TransactionCommand(ledgerId, key, body.externalId(), body.currency(),
                occurredAt, pending, expiresAt, postings, metadata, null);
        return new TransactionCommand(ledgerId, key, body.externalId(), body.currency(), occurredAt, pending, expiresAt,
                postings, metadata, hash(unhashed));
    }


    public static String idempotencyKey(String header, String field, List<Map<String, String>> errors) {
        if (header != null && field != null && !header.equals(field)) {
            errors.add(error("idempotency_key", "differs from the Idempotency-Key header"));
            return null;
        }
        String key = header != null ? header : field;
        if (key == null) {
            errors.add(error("idempotency_key", "is required (Idempotency-Key header or idempotency_key field)"));
        } else if (key.isBlank() || key.length() > MAX_TEXT || key.indexOf('\0') >= 0) {
            errors.add(error("idempotency_key", "must be 1-" + MAX_TEXT + " characters (no NUL)"));
        } else if (key.startsWith(TransactionCommand.RESERVED_KEY_PREFIX)) {
            errors.add(error("idempotency_key", "must not start with " + TransactionCommand.RESERVED_KEY_PREFIX
                    + " (the keys of scheduled runs)"));
        }
        return key;
    }

    private static List<PostingLine> postings(List<PostTransactionRequest.PostingRequest> requested,
            List<Map<String, String>> errors) {
        if (requested == null) {
            errors.add(error("postings", "is required"));
            return List.of();
        }
        if (requested.size() < 2) {
            errors.add(error("postings", "must contain at least 2 postings"));
        } else if (requested.size() > MAX_POSTINGS) {
            errors.add(error("postings", "must contain at most " + MAX_POSTINGS + " postings"));
        }
        List<PostingLine> lines = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            String at = "postings[" + i + "]";
            PostTransactionRequest.PostingRequest posting = requested.get(i);
            if (posting == null) {
                errors.add(error(at, "must be an object"));
                continue;
            }
            if (posting.accountCode() == null) {
                errors.add(error(at + ".account_code", "is required"));
            } else if (!CODE.matcher(posting.accountCode()).matches()) {
                errors.add(error(at + ".account_code", "must be 1-64 characters of A-Z a-z 0-9 _ . : -"));
            }
            Direction direction = Direction.fromWire(posting.direction());
            if (direction == null) {
                errors.add(error(at + ".direction", "must be debit or credit"));
            }
            BigDecimal amount = null;
            if (posting.amount() == null || posting.amount().isNull()) {
                errors.add(error(at + ".amount", "is required"));
            } else {
                amount = RequestFields.decimal(at + ".amount", posting.amount(), errors);
            }
            if (posting.currency() != null && !Money.CODE.matcher(posting.currency()).matches()) {
                errors.add(error(at + ".currency", CURRENCY_FORMAT));
            }
            Long lockVersion = null;
            if (posting.lockVersion() != null && !posting.lockVersion().isNull()) {
                if (posting.lockVersion().canConvertToLong() && posting.lockVersion().isIntegralNumber()
                        && posting.lockVersion().longValue() >= 0) {
                    lockVersion = posting.lockVersion().longValue();
                } else {
                    errors.add(error(at + ".lock_version", "must be a whole number of at least 0"));
                }
            }
            BalanceAssertion assertion = assertion(at + ".balance_assertion", posting.balanceAssertion(), errors);
            lines.add(new PostingLine(posting.accountCode(), direction, amount, posting.currency(), lockVersion,
                    assertion));
        }
        return lines;
    }

    private static BalanceAssertion assertion(String at, PostTransactionRequest.BalanceAssertionRequest requested,
            List<Map<String, String>> errors) {
        if (requested == null) {
            return null;
        }
        BalanceAssertion.Kind kind = BalanceAssertion.Kind.POSTED;
        if ("available".equals(requested.balance())) {
            kind = BalanceAssertion.Kind.AVAILABLE;
        } else if (requested.balance() != null && !"posted".equals(requested.balance())) {
            errors.add(error(at + ".balance", "must be posted or available"));
        }
        BigDecimal gte = bound(at + ".gte", requested.gte(), errors);
        BigDecimal lte = bound(at + ".lte", requested.lte(), errors);
        BigDecimal eq = bound(at + ".eq", requested.eq(), errors);
        if (gte == null && lte == null && eq == null) {
            errors.add(error(at, "must give at least one of gte, lte, eq"));
            return null;
        }
        return new BalanceAssertion(kind, gte, lte, eq);
    }

    private static BigDecimal bound(String field, com.fasterxml.jackson.databind.JsonNode value,
            List<Map<String, String>> errors) {
        return value == null || value.isNull() ? null : RequestFields.decimal(field, value, errors);
    }

    /**
     * SHA-256 over a canonical form: amounts by value ("10.0" = "10.00"), instants in UTC, metadata keys
     * sorted; a posting's currency, lock version and assertion, and the pending status, only when given,
     * so that requests without them hash as they always did.
     */
    static String hash(TransactionCommand command) {
        JsonArray postings = new JsonArray();
        for (PostingLine line : command.postings()) {
            JsonArray posting = new JsonArray()
                    .add(line.accountCode())
                    .add(line.direction().wire())
                    .add(line.amount().stripTrailingZeros().toPlainString());
            if (line.currency() != null || line.lockVersion() != null || line.assertion() != null) {
                posting.add(line.currency());
            }
            if (line.lockVersion() != null || line.assertion() != null) {
                posting.add(line.lockVersion());
                posting.add(line.assertion() == null ? null : new JsonArray()
                        .add(line.assertion().balance().wire())
                        .add(plain(line.assertion().gte()))
                        .add(plain(line.assertion().lte()))
                        .add(plain(line.assertion().eq())));
            }
            postings.add(posting);
        }
        JsonArray canonical = new JsonArray()
                .add(command.externalId())
                .add(command.currency())
                .add(command.occurredAt() == null ? null : command.occurredAt().toString())
                .add(postings)
                .add(sorted(command.metadata()));
        if (command.pending()) {
            canonical.add("pending").add(command.expiresAt() == null ? null : command.expiresAt().toString());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.encode().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static Object sorted(Object value) {
        if (value instanceof JsonObject object) {
            JsonObject result = new JsonObject(new java.util.TreeMap<>());
            object.forEach(entry -> result.put(entry.getKey(), sorted(entry.getValue())));
            return result;
        }
        if (value instanceof JsonArray array) {
            JsonArray result = new JsonArray();
            array.forEach(item -> result.add(sorted(item)));
            return result;
        }
        return value;
    }

}
