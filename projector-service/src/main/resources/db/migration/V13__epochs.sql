-- Epochs of the ledgers' event log (docs/operations.md, "Backup and restore"), as this consumer needs them. A
-- restore starts a new epoch: the epoch script (deploy/local/launcher's io/laas/local/backup/start-epoch.sql)
-- records it here with its cut, each ledger's last sequence in the restored database. Kafka still holds the events
-- written after the backup; an event of an earlier epoch beyond the cut of a later restore is that lost tail and
-- is skipped (libs/events Epochs), not applied nor taken for a gap or a sequence conflict. Read at start; no
-- tenant data (ledger ids and sequences), so no row-level security.
CREATE TABLE epochs (
    epoch      bigint      PRIMARY KEY CHECK (epoch >= 1),
    started_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO epochs (epoch) VALUES (1);

CREATE TABLE epoch_cuts (
    epoch         bigint NOT NULL REFERENCES epochs,
    ledger_id     uuid   NOT NULL,
    last_sequence bigint NOT NULL CHECK (last_sequence >= 0),
    PRIMARY KEY (epoch, ledger_id)
);
