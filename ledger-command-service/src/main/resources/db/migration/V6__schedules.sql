-- Scheduled and recurring transactions. A schedule posts its template at start_at and then every
-- every_count units (day, week, month: counted from start_at, so months keep their day) or at each
-- time of a cron expression, until end_at or max_runs. Run n is posted with the idempotency key
-- schedule:<id>:<n>, so it is posted once however many replicas try; a replica holds a schedule's
-- lease (claimed_by, claimed_until) while it posts a run.
CREATE TABLE schedules (
  id              uuid        PRIMARY KEY,
  ledger_id       uuid        NOT NULL REFERENCES ledgers (id),
  status          text        NOT NULL CHECK (status IN ('active', 'paused', 'cancelled', 'completed')),
  template        jsonb       NOT NULL,
  start_at        timestamptz NOT NULL,
  every_unit      text        CHECK (every_unit IN ('day', 'week', 'month', 'cron')),
  every_count     int         CHECK (every_count BETWEEN 1 AND 1000),
  cron            text,
  end_at          timestamptz,
  max_runs        int         CHECK (max_runs >= 1),
  runs            int         NOT NULL DEFAULT 0,
  failed_runs     int         NOT NULL DEFAULT 0,
  next_run_at     timestamptz,
  claimed_by      text,
  claimed_until   timestamptz,
  created_at      timestamptz NOT NULL,
  idempotency_key text        NOT NULL,
  request_hash    text        NOT NULL,
  CONSTRAINT schedules_ledger_key UNIQUE (ledger_id, idempotency_key)
);
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE status = 'active';

-- Every run of a schedule, posted or refused (a refused run is not retried).
CREATE TABLE schedule_runs (
  schedule_id    uuid        NOT NULL REFERENCES schedules (id),
  run            int         NOT NULL,
  due_at         timestamptz NOT NULL,
  transaction_id uuid,
  problem        jsonb,
  recorded_at    timestamptz NOT NULL,
  PRIMARY KEY (schedule_id, run)
);
