package io.laas.projector.asset.rest;

import java.time.OffsetDateTime;

import io.laas.projector.asset.Asset;

/** A declared asset: amounts in it carry {@code scale} decimal places. */
public record AssetResponse(String code, int scale, OffsetDateTime declaredAt) {

    static AssetResponse of(Asset asset) {
        return new AssetResponse(asset.code(), asset.scale(), asset.declaredAt());
    }
}
