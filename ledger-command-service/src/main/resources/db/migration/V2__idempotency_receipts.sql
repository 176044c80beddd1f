-- An idempotency record keeps what a replay needs to answer exactly as the first time: the request's
-- hash, the transaction id and its ledger sequence (the response body is rebuilt from them).
ALTER TABLE idempotency_keys ADD COLUMN ledger_sequence bigint;
UPDATE idempotency_keys SET ledger_sequence = (response_body ->> 'ledger_sequence')::bigint;
ALTER TABLE idempotency_keys ALTER COLUMN ledger_sequence SET NOT NULL;
ALTER TABLE idempotency_keys DROP COLUMN response_status, DROP COLUMN response_body;
