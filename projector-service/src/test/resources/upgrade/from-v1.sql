-- projector-service's rows as its first release (schema V1) wrote them: the ledger of ledger-command-service's
-- upgrade rows (its src/test/resources/upgrade/from-v1.sql) as far as the events had reached Kafka, sequences 1 to 4:
-- the accounts cash, revenue and payable, and the sale of 100.00 (cash to revenue). Events 5 and 6 were still in the
-- command service's outbox. Each event is recorded as processed and the ledger's progress is at 4. V1 kept the
-- currency on the transaction only, no account scale, status or normal balance, and no entries.

INSERT INTO ledger_progress (ledger_id, last_sequence, updated_at) VALUES
  ('0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 4, '2026-11-21T10:05:04.2Z');

INSERT INTO processed_events (event_id, ledger_id, sequence, processed_at) VALUES
  ('e0000001-0000-4000-8000-000000000001', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 1, '2026-11-21T10:00:01.2Z'),
  ('e0000001-0000-4000-8000-000000000002', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 2, '2026-11-21T10:00:02.2Z'),
  ('e0000001-0000-4000-8000-000000000003', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 3, '2026-11-21T10:00:03.2Z'),
  ('e0000001-0000-4000-8000-000000000004', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 4, '2026-11-21T10:05:04.2Z');

INSERT INTO accounts (id, ledger_id, code, name, type, currency, debits, credits, last_sequence, created_at, updated_at) VALUES
  ('a0000001-0000-4000-8000-000000000001', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 'cash', 'Cash', 'asset', 'USD', 100.00, 0, 4, '2026-11-21T10:00:01.000123Z', '2026-11-21T10:05:04.000456Z'),
  ('a0000001-0000-4000-8000-000000000002', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 'revenue', 'Revenue', 'revenue', 'USD', 0, 100.00, 4, '2026-11-21T10:00:02.000123Z', '2026-11-21T10:05:04.000456Z'),
  ('a0000001-0000-4000-8000-000000000003', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 'payable', 'Merchant payable', 'liability', 'USD', 0, 0, 3, '2026-11-21T10:00:03.000123Z', '2026-11-21T10:00:03.000123Z');

INSERT INTO transactions (id, ledger_id, sequence, external_id, idempotency_key, currency, occurred_at, recorded_at, metadata) VALUES
  ('c0000001-0000-4000-8000-000000000001', '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 4, NULL, 'order-1', 'USD', '2026-11-21T10:05:04.000456Z', '2026-11-21T10:05:04.000456Z', '{"order": "A-1"}');

INSERT INTO postings (transaction_id, position, ledger_id, account_id, account_code, direction, amount) VALUES
  ('c0000001-0000-4000-8000-000000000001', 0, '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 'a0000001-0000-4000-8000-000000000001', 'cash', 'debit', 100.00),
  ('c0000001-0000-4000-8000-000000000001', 1, '0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01', 'a0000001-0000-4000-8000-000000000002', 'revenue', 'credit', 100.00);
