\set l random(1, 10)
\set x random(1, 1000)
\set y random(1, 999)
\set a (:l - 1) * 1000 + :x
\set b (:l - 1) * 1000 + 1 + ((:x - 1 + :y) % 1000)
BEGIN;
SELECT id FROM accounts WHERE id IN (:a, :b) ORDER BY id FOR UPDATE;
UPDATE accounts SET balance = balance + 100.00, version = version + 1 WHERE id = :a;
UPDATE accounts SET balance = balance - 100.00, version = version + 1 WHERE id = :b;
WITH s AS (UPDATE ledgers SET seq = seq + 1 WHERE id = :l RETURNING seq),
e AS (INSERT INTO events(ledger_id, seq, type, payload, idempotency_key) SELECT :l, s.seq, 'TransactionPosted', jsonb_build_object('postings', jsonb_build_array(jsonb_build_object('account', :a, 'direction','debit','amount','100.00'), jsonb_build_object('account', :b, 'direction','credit','amount','100.00'))), gen_random_uuid()::text FROM s RETURNING id, payload)
INSERT INTO outbox SELECT id, 'ledger', :l::text, 'TransactionPosted', payload FROM e;
COMMIT;
