-- Epochs of the event log (docs/operations.md, "Backup and restore"). A restore sets the ledgers back to the
-- backup's sequences while Kafka still holds the events written after it; the restore starts a new epoch (the
-- epoch script, deploy/local/launcher's io/laas/local/backup/start-epoch.sql), every event carries the epoch it
-- was written in, and the consumers tell the old events beyond the restore's cut from the new ones that reuse
-- their sequence numbers. The service reads the latest epoch at start. Existing events are of epoch 1.
CREATE TABLE epochs (
    epoch      bigint      PRIMARY KEY CHECK (epoch >= 1),
    started_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO epochs (epoch) VALUES (1);
