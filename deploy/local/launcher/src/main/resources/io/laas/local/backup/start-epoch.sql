-- Starts a new epoch of the ledgers' event log after a restore (docs/operations.md, "Backup and restore"). Run it
-- once on the restored database, as a superuser (it writes into the ledger, projector and webhook schemas, past
-- row-level security), in one transaction, before any service starts:
--   PGOPTIONS='-c laas.previous_epoch=N' psql --single-transaction -v ON_ERROR_STOP=1 -d laas -f start-epoch.sql
-- N is the latest epoch of the database being replaced (SELECT max(epoch) FROM ledger.epochs there, when it is still
-- reachable): the new epoch is above both it and the restored one, so restoring an older backup after an earlier
-- restore never reuses an epoch whose events Kafka holds. Without the setting, the restored database's epoch + 1.
-- `laas restore` runs it itself. It raises the command schema's epoch by one (the command service stamps its new
-- events with it) and records in each consumer's schema the new epoch and its cut: every ledger's last sequence in
-- the restored database. Kafka still holds the events written after the restore point; the consumers skip those
-- of an earlier epoch beyond the cut (libs/events Epochs) while the ledgers reuse their sequence numbers.
INSERT INTO ledger.epochs (epoch)
    SELECT greatest(max(epoch), coalesce(nullif(current_setting('laas.previous_epoch', true), '')::bigint, 0)) + 1
    FROM ledger.epochs;

INSERT INTO projector.epochs (epoch) SELECT max(epoch) FROM ledger.epochs;
INSERT INTO projector.epoch_cuts (epoch, ledger_id, last_sequence)
    SELECT (SELECT max(epoch) FROM ledger.epochs), id, last_sequence FROM ledger.ledgers;

INSERT INTO webhook.epochs (epoch) SELECT max(epoch) FROM ledger.epochs;
INSERT INTO webhook.epoch_cuts (epoch, ledger_id, last_sequence)
    SELECT (SELECT max(epoch) FROM ledger.epochs), id, last_sequence FROM ledger.ledgers;
