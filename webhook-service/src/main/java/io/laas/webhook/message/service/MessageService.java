package io.laas.webhook.message.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.tenancy.LedgerScope;
import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.webhook.common.CursorKey;
import io.laas.webhook.delivery.AttemptLogEntry;
import io.laas.webhook.delivery.StoredMessage;
import io.laas.webhook.delivery.repository.AttemptRepository;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.EndpointQueueRepository;
import io.laas.webhook.delivery.service.DeliveryDispatcher;
import io.laas.webhook.endpoint.Endpoint;
import io.laas.webhook.endpoint.repository.EndpointRepository;
import io.laas.webhook.endpoint.service.EndpointService;
import io.laas.webhook.message.AttemptDetail;
import io.laas.webhook.message.DeliveryState;
import io.laas.webhook.message.LoggedMessage;
import io.laas.webhook.message.MessageFilter;
import io.laas.webhook.message.repository.MessageLogRepository;
import io.laas.webhook.message.repository.RedeliveryRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A ledger's message log, and deliveries made again on the tenant's request: every method runs in one
 * transaction with the ledger set ({@link LedgerScope}), so row-level security admits only that ledger's rows.
 * A resend or a recovery marks the endpoint's queue due in the same transaction (its queue row first, as the
 * dispatcher locks them) and wakes this replica's dispatcher once committed.
 */
@ApplicationScoped
public class MessageService {

    public static final String MESSAGE_NOT_FOUND = "WEBHOOK_MESSAGE_NOT_FOUND";
    public static final String ATTEMPT_NOT_FOUND = "WEBHOOK_ATTEMPT_NOT_FOUND";
    /** How far back a recovery may reach. */
    public static final Duration RECOVERY_WINDOW = Duration.ofDays(14);
    private static final String MESSAGES_CURSOR = "messages";
    private static final String MESSAGE_ATTEMPTS_CURSOR = "message-attempts";

    private final Pool pool;
    private final MessageLogRepository log;
    private final RedeliveryRepository redeliveries;
    private final AttemptRepository attempts;
    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final EndpointQueueRepository queues;
    private final DeliveryDispatcher dispatcher;

    public MessageService(Pool pool, MessageLogRepository log, RedeliveryRepository redeliveries,
            AttemptRepository attempts, DeliveryRepository deliveries, EndpointRepository endpoints,
            EndpointQueueRepository queues, DeliveryDispatcher dispatcher) {
        this.pool = pool;
        this.log = log;
        this.redeliveries = redeliveries;
        this.attempts = attempts;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.queues = queues;
        this.dispatcher = dispatcher;
    }

    /** A message with the state of its deliveries. */
    public record MessageWithDeliveries(LoggedMessage message, List<DeliveryState> deliveries) {
    }

    public Uni<Page<LoggedMessage>> list(UUID ledgerId, MessageFilter filter, PageRequest page) {
        CursorKey after = CursorKey.parse(page.after());
        return LedgerScope.withLedger(pool, ledgerId, conn -> log.list(conn, ledgerId, filter, after, page.limit()))
                .map(rows -> page.page(rows, m -> new CursorKey(m.receivedAt(), m.id()).cursor(MESSAGES_CURSOR)));
    }

    public Uni<MessageWithDeliveries> get(UUID ledgerId, String messageId) {
        UUID id = parseId(messageId, MessageService::messageNotFound);
        // Both statements go at once; the deliveries are only answered when the message is the ledger's.
        return LedgerScope.withLedger(pool, ledgerId, conn -> Uni.combine().all()
                .unis(findMessage(conn, ledgerId, id, messageId), log.deliveries(conn, id))
                .with(MessageWithDeliveries::new));
    }

    public Uni<Page<AttemptLogEntry>> attempts(UUID ledgerId, String messageId, PageRequest page) {
        CursorKey after = CursorKey.parse(page.after());
        UUID id = parseId(messageId, MessageService::messageNotFound);
        return LedgerScope.withLedger(pool, ledgerId, conn -> Uni.combine().all()
                        .unis(findMessage(conn, ledgerId, id, messageId),
                                attempts.listForMessage(conn, id, after, page.limit()))
                        .with((message, rows) -> rows))
                .map(rows -> page.page(rows, a -> new CursorKey(a.attemptedAt(), a.id())
                        .cursor(MESSAGE_ATTEMPTS_CURSOR)));
    }

    public Uni<AttemptDetail> attempt(UUID ledgerId, String messageId, String attemptId) {
        UUID id = parseId(messageId, MessageService::messageNotFound);
        UUID attempt = parseId(attemptId, MessageService::attemptNotFound);
        return LedgerScope.withLedger(pool, ledgerId, conn -> Uni.combine().all()
                .unis(findMessage(conn, ledgerId, id, messageId), log.attempt(conn, id, attempt))
                .with((message, detail) -> {
                    if (detail == null) {
                        throw attemptNotFound(attemptId);
                    }
                    return detail;
                }));
    }

    /**
     * Delivers the message to the endpoint again, whatever became of it: an ended delivery starts a new round of
     * the retry schedule, a pending one is due now, and an endpoint that has none (created later, or not
     * subscribed to the type) gets one.
     *
     * @throws ProblemException 404 for an unknown message or endpoint, 409 when the endpoint is disabled
     */
    public Uni<DeliveryState> resend(UUID ledgerId, String messageId, String endpointId) {
        UUID message = parseId(messageId, MessageService::messageNotFound);
        UUID endpoint = parseId(endpointId, MessageService::endpointNotFound);
        return LedgerScope.withLedger(pool, ledgerId, conn -> findMessage(conn, ledgerId, message, messageId)
                .flatMap(found -> findEnabledEndpoint(conn, ledgerId, endpoint, endpointId)
                        .flatMap(enabled -> queues.markDue(conn, List.of(endpoint)))
                        .flatMap(v -> redeliveries.resend(conn, message, endpoint))
                        .flatMap(state -> state != null ? Uni.createFrom().item(state)
                                : deliveries.createForEndpoint(conn, new StoredMessage(found.id(), found.ledgerId(),
                                        found.eventType(), found.position()), endpoint)
                                        .flatMap(created -> log.delivery(conn, message, endpoint)))))
                .invoke(dispatcher::wakeUp);
    }

    /**
     * Delivers again every failed delivery of the endpoint whose message was received in [{@code since},
     * {@code until}); how many. The caller has checked the window.
     *
     * @throws ProblemException 404 for an unknown endpoint, 409 when it is disabled
     */
    public Uni<Integer> recover(UUID ledgerId, String endpointId, Instant since, Instant until) {
        UUID endpoint = parseId(endpointId, MessageService::endpointNotFound);
        return LedgerScope.withLedger(pool, ledgerId, conn -> findEnabledEndpoint(conn, ledgerId, endpoint, endpointId)
                        .flatMap(enabled -> queues.markDue(conn, List.of(endpoint)))
                        .flatMap(v -> redeliveries.recoverFailed(conn, endpoint, since, until)))
                .invoke(recovered -> {
                    if (recovered > 0) {
                        dispatcher.wakeUp();
                    }
                });
    }

    public static String messagesCursorKind() {
        return MESSAGES_CURSOR;
    }

    public static String messageAttemptsCursorKind() {
        return MESSAGE_ATTEMPTS_CURSOR;
    }

    private Uni<LoggedMessage> findMessage(SqlConnection conn, UUID ledgerId, UUID id, String asGiven) {
        return log.find(conn, ledgerId, id).onItem().ifNull().failWith(() -> messageNotFound(asGiven));
    }

    private Uni<Endpoint> findEnabledEndpoint(SqlConnection conn, UUID ledgerId, UUID id, String asGiven) {
        return endpoints.find(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> endpointNotFound(asGiven))
                .invoke(endpoint -> {
                    if (!endpoint.enabled()) {
                        throw ProblemException.conflict(EndpointService.ENDPOINT_DISABLED, "Webhook endpoint " + asGiven
                                + " is disabled: enable it before delivering to it again.");
                    }
                });
    }

    private static UUID parseId(String value, Function<String, ProblemException> notFound) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound.apply(value);
        }
    }

    private static ProblemException messageNotFound(String messageId) {
        return ProblemException.notFound(MESSAGE_NOT_FOUND, "Webhook message " + messageId + " was not found.");
    }

    private static ProblemException attemptNotFound(String attemptId) {
        return ProblemException.notFound(ATTEMPT_NOT_FOUND, "Attempt " + attemptId + " of this message was not found.");
    }

    private static ProblemException endpointNotFound(String endpointId) {
        return ProblemException.notFound(EndpointService.ENDPOINT_NOT_FOUND, "Webhook endpoint " + endpointId + " was not found.");
    }
}
