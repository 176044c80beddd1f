-- webhook-service's rows as its first release (schema V1) wrote them: an endpoint of one ledger with its signing
-- secret in clear (encrypted at rest only since V7), two consumed ledger events, one delivered and one whose first
-- attempt failed and whose retry is due, with the attempt log. The endpoint's address refuses connections (port 9):
-- the test moves it to its receiver. A second ledger's endpoint, disabled, with one delivered message shows each
-- delivery taking its own endpoint's ledger when V6 copies it onto deliveries and attempts, and V8 dating the
-- disabled endpoint.
--   secret: whsec_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=

INSERT INTO endpoints (id, ledger_id, url, description, secret, event_types, enabled, created_at, updated_at) VALUES
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01', 'http://127.0.0.1:9/v1-hooks', 'Order notifications', 'whsec_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=', '{}', true,
   '2026-11-21T09:00:00Z', '2026-11-21T09:00:00Z'),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c02', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c01', 'http://127.0.0.1:9/other-hooks', NULL, 'whsec_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=', '{}', false,
   '2026-11-21T09:30:00Z', '2026-11-21T09:30:00Z');

INSERT INTO messages (id, ledger_id, event_type, payload, created_at) VALUES
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b10', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01', 'transaction.posted', '{"event_id":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b10","event_type":"transaction.posted","ledger_id":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01","sequence":1,"recorded_at":"2026-11-21T10:01:00.000123Z","data":{"transaction_id":"c0000002-0000-4000-8000-000000000001","external_id":null,"idempotency_key":"order-1","currency":"USD","occurred_at":"2026-11-21T10:01:00.000123Z","metadata":{},"postings":[{"account_id":"a0000002-0000-4000-8000-000000000001","account_code":"cash","account_type":"asset","direction":"debit","amount":"100.00"},{"account_id":"a0000002-0000-4000-8000-000000000002","account_code":"revenue","account_type":"revenue","direction":"credit","amount":"100.00"}]}}', '2026-11-21T10:01:00.1Z'),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b11', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01', 'transaction.posted', '{"event_id":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b11","event_type":"transaction.posted","ledger_id":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01","sequence":2,"recorded_at":"2026-11-21T10:02:00.000123Z","data":{"transaction_id":"c0000002-0000-4000-8000-000000000002","external_id":null,"idempotency_key":"order-2","currency":"USD","occurred_at":"2026-11-21T10:02:00.000123Z","metadata":{},"postings":[{"account_id":"a0000002-0000-4000-8000-000000000001","account_code":"cash","account_type":"asset","direction":"debit","amount":"25.50"},{"account_id":"a0000002-0000-4000-8000-000000000002","account_code":"revenue","account_type":"revenue","direction":"credit","amount":"25.50"}]}}', '2026-11-21T10:02:00.1Z'),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c10', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c01', 'ledger.created', '{"event_id":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c10","event_type":"ledger.created","ledger_id":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c01","sequence":1,"recorded_at":"2026-11-21T10:03:00.000123Z","data":{}}', '2026-11-21T10:03:00.1Z');

INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts, next_attempt_at, last_attempt_at, created_at) VALUES
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b20', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b10', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02', 'succeeded', 1, NULL, '2026-11-21T10:01:00.2Z', '2026-11-21T10:01:00.1Z'),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b21', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b11', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02', 'pending', 1, now() - interval '1 minute', '2026-11-21T10:02:00.2Z', '2026-11-21T10:02:00.1Z'),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c20', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c10', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c02', 'succeeded', 1, NULL, '2026-11-21T10:03:00.2Z', '2026-11-21T10:03:00.1Z');

INSERT INTO attempts (id, delivery_id, endpoint_id, attempt_number, attempted_at, response_status, error, duration_ms) VALUES
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b30', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b20', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02', 1, '2026-11-21T10:01:00.2Z', 200, NULL, 42),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b31', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b21', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02', 1, '2026-11-21T10:02:00.2Z', 503, NULL, 57),
  ('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c30', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c20', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c02', 1, '2026-11-21T10:03:00.2Z', 204, NULL, 18);
