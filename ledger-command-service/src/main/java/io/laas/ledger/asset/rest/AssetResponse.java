package io.laas.ledger.asset.rest;

import io.laas.ledger.asset.Asset;
import io.laas.ledger.event.LedgerEvent;

public record AssetResponse(String code, int scale, String declaredAt) {

    static AssetResponse of(Asset asset) {
        return new AssetResponse(asset.code(), asset.scale(), LedgerEvent.timestamp(asset.declaredAt()));
    }
}
