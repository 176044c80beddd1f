package io.laas.projector.asset;

import java.util.UUID;

import io.laas.projector.projection.LedgerEvent.AssetDeclared;

/** An {@code asset.declared} event ready to be projected, at its ledger sequence. */
public record NewAsset(UUID ledgerId, long sequence, AssetDeclared data) {
}
