-- The assets each ledger declared (asset.declared), served by GET /v1/ledgers/{ledger_id}/assets.
CREATE TABLE assets (
    ledger_id   uuid        NOT NULL,
    code        text        NOT NULL,
    scale       int         NOT NULL,
    sequence    bigint      NOT NULL,
    declared_at timestamptz NOT NULL,
    PRIMARY KEY (ledger_id, code)
);
