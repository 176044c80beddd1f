-- Assets a ledger declares besides the ISO 4217 currencies, with the decimal places their amounts carry
-- (USDC 6, POINTS 0, at most 18). An asset is declared once and never changes: amounts already posted
-- in it keep their meaning.
CREATE TABLE ledger_assets (
  ledger_id   uuid        NOT NULL REFERENCES ledgers (id),
  code        text        NOT NULL,
  scale       int         NOT NULL CHECK (scale BETWEEN 0 AND 18),
  declared_at timestamptz NOT NULL,
  PRIMARY KEY (ledger_id, code)
);
