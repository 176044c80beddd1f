-- Every event's envelope carries "hash", which links it to the event before it (docs/events.md, "A history
-- anyone can verify"). last_hash is the hash of the ledger's last event: the next event is hashed over it
-- without reading that event. NULL while the ledger has no event (the next one is hashed over the genesis,
-- SHA-256 of the ledger id). Events written before this migration are linked by the Java migration 5.1
-- (io.laas.ledger.event.migration.LinkExistingEvents), which also sets last_hash.
ALTER TABLE ledgers ADD COLUMN last_hash text;
