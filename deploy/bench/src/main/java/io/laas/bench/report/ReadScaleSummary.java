package io.laas.bench.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The read-scale phase's ledger and how it was filled; its windows are {@link Measurement}s of workloads
 * {@code read-scale-…}.
 *
 * @param ledgerCode the ledger's code in {@code deploy/bench/tenants.yml}
 * @param transactions transactions the ledger holds (this run's and an earlier seeding's)
 * @param accounts every account of the ledger, groups included
 * @param postingAccounts the accounts the transactions post to
 * @param statementPostings postings to the statement account
 * @param posted transactions this run posted (the rest were there already)
 * @param seedConnections connections of the bulk requests
 * @param accountSeconds time taken to open the accounts (0 when they existed)
 * @param seedSeconds time from the first bulk request to the last answer (0 when nothing was posted)
 * @param catchUpSeconds time from the last answer until the projection had every event of the ledger;
 *        negative if it had not within the wait, NaN when nothing was posted
 * @param webhookCatchUpSeconds the same for the webhook service to have stored every event (it has no
 *        endpoint on this ledger); negative if it had not within the wait, NaN when nothing was posted
 * @param unavailable windows not measured because their endpoint did not answer 200 (e.g. not deployed yet)
 */
public record ReadScaleSummary(String ledgerCode, long transactions, int accounts, int postingAccounts,
        long statementPostings, long posted, int seedConnections, double accountSeconds, double seedSeconds,
        double catchUpSeconds, double webhookCatchUpSeconds, List<Unavailable> unavailable) {

    /**
     * A window whose endpoint answered {@code status} to a first request, or (status 0) whose requests were
     * not answered in time.
     */
    public record Unavailable(String id, String label, String workload, int status) {

        /** As the report shows it. */
        public String text() {
            return status > 0 ? "not available (" + status + ")" : "nothing answered in time (see the notes)";
        }
    }

    /** The phase did not run ({@code --read-scale-transactions 0}). */
    public static final ReadScaleSummary NOT_RUN = new ReadScaleSummary("", 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN,
            Double.NaN, List.of());

    public ReadScaleSummary {
        unavailable = List.copyOf(unavailable);
    }

    public boolean ran() {
        return transactions > 0;
    }

    /** Transactions per second of the seeding: what this run posted over the time it took (in results.json too). */
    @JsonProperty("seed_tx_per_second")
    public double seedTxPerSecond() {
        return seedSeconds > 0 ? posted / seedSeconds : 0;
    }

    public ReadScaleSummary withUnavailable(List<Unavailable> windows) {
        return new ReadScaleSummary(ledgerCode, transactions, accounts, postingAccounts, statementPostings, posted,
                seedConnections, accountSeconds, seedSeconds, catchUpSeconds, webhookCatchUpSeconds, windows);
    }
}
