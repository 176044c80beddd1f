\set a random(1, 1000)
\set d1 random(1, 333)
\set d2 random(334, 666)
\set d3 random(667, 999)
\set b 1 + ((:a - 1 + :d1) % 1000)
\set c 1 + ((:a - 1 + :d2) % 1000)
\set d 1 + ((:a - 1 + :d3) % 1000)
BEGIN;
SELECT id FROM accounts WHERE id IN (:a, :b, :c, :d) ORDER BY id FOR UPDATE;
UPDATE accounts SET balance = balance + 100.00, version = version + 1 WHERE id = :a;
UPDATE accounts SET balance = balance + 50.00, version = version + 1 WHERE id = :b;
UPDATE accounts SET balance = balance - 75.00, version = version + 1 WHERE id = :c;
UPDATE accounts SET balance = balance - 75.00, version = version + 1 WHERE id = :d;
WITH s AS (UPDATE ledgers SET seq = seq + 1 WHERE id = 1 RETURNING seq),
e AS (INSERT INTO events(ledger_id, seq, type, payload, idempotency_key) SELECT 1, s.seq, 'TransactionPosted', jsonb_build_object('postings', jsonb_build_array(jsonb_build_object('account', :a, 'direction','debit','amount','100.00'), jsonb_build_object('account', :b, 'direction','debit','amount','50.00'), jsonb_build_object('account', :c, 'direction','credit','amount','75.00'), jsonb_build_object('account', :d, 'direction','credit','amount','75.00'))), gen_random_uuid()::text FROM s RETURNING id, payload)
INSERT INTO outbox SELECT id, 'ledger', '1', 'TransactionPosted', payload FROM e;
COMMIT;
