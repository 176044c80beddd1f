-- A ledger holds several currencies: every posting keeps its own (until now the transaction's), and every
-- account the decimal places of its currency in its ledger (ISO 4217 minor units, or the scale of an asset
-- the ledger declared), so that its balances render exactly. Accounts projected before have none: their
-- currency's ISO scale applies.
ALTER TABLE postings ADD COLUMN currency text;
UPDATE postings p SET currency = t.currency FROM transactions t WHERE t.id = p.transaction_id;
ALTER TABLE postings ALTER COLUMN currency SET NOT NULL;
ALTER TABLE accounts ADD COLUMN scale int;
