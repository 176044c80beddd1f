package io.laas.projector.projection.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.projector.account.repository.AccountRepository;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.PoisonEventException;
import io.laas.projector.transaction.Transaction.Posting;
import io.laas.projector.transaction.repository.TransactionRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** The effect of one event on the read models, inside the caller's transaction. */
@ApplicationScoped
public class EventApplier {

    private static final Logger LOG = Logger.getLogger(EventApplier.class);

    private final AccountRepository accounts;
    private final TransactionRepository transactions;

    public EventApplier(AccountRepository accounts, TransactionRepository transactions) {
        this.accounts = accounts;
        this.transactions = transactions;
    }

    public Uni<Void> apply(SqlConnection conn, LedgerEvent event) {
        if (event.data() instanceof AccountCreated account) {
            return accounts.insert(conn, event.ledgerId(), event.sequence(), account);
        }
        if (event.data() instanceof TransactionPosted tx) {
            return transactionPosted(conn, event, tx);
        }
        LOG.debugf("Ledger %s: event %s of type %s at sequence %d has no read-model effect", event.ledgerId(),
                event.eventId(), event.eventType(), event.sequence());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> transactionPosted(SqlConnection conn, LedgerEvent event, TransactionPosted tx) {
        return transactions.insert(conn, event.ledgerId(), event.sequence(), event.recordedAt(), tx)
                .chain(inserted -> {
                    if (!inserted) {
                        LOG.warnf("Ledger %s: transaction %s of event %s is already projected; balances left unchanged",
                                event.ledgerId(), tx.transactionId(), event.eventId());
                        return Uni.createFrom().voidItem();
                    }
                    // Sequentially: all postings share one connection, and the order keeps lock order stable.
                    return Multi.createFrom().range(0, tx.postings().size())
                            .onItem().transformToUniAndConcatenate(i -> post(conn, event, tx.postings().get(i), i))
                            .collect().asList()
                            .chain(postings -> transactions.insertPostings(conn, tx.transactionId(), event.ledgerId(),
                                    postings));
                });
    }

    private Uni<Posting> post(SqlConnection conn, LedgerEvent event, PostingData posting, int position) {
        return accounts.applyPosting(conn, event.ledgerId(), event.sequence(), event.recordedAt(), posting)
                .onItem().ifNull().failWith(() -> new PoisonEventException("transaction posts to account "
                        + (posting.accountId() != null ? posting.accountId() : posting.accountCode())
                        + " which ledger " + event.ledgerId() + " does not have"))
                .map(ref -> new Posting(position, ref.id(), ref.code(), posting.direction(), posting.amount()));
    }
}
