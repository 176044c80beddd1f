package io.laas.projector.overview.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.laas.projector.common.Amounts;
import io.laas.projector.overview.LedgerOverview;

/** {@code GET /v1/ledgers/{ledger_id}/overview} (docs/api.md, Overview). */
public record OverviewResponse(UUID ledgerId, OffsetDateTime asOf, long accounts,
        @JsonProperty("last_24_hours") ActivityResponse last24Hours,
        @JsonProperty("last_30_days") ActivityResponse last30Days) {

    public record ActivityResponse(OffsetDateTime from, long transactions, List<VolumeResponse> volume) {

        static ActivityResponse of(LedgerOverview.Activity activity) {
            return new ActivityResponse(utc(activity.from()), activity.transactions(),
                    activity.volume().stream().map(VolumeResponse::of).toList());
        }
    }

    /** An amount at its currency's scale: the ISO one, or for a declared asset the scale its postings carry. */
    public record VolumeResponse(String currency, String amount) {

        static VolumeResponse of(LedgerOverview.Volume volume) {
            return new VolumeResponse(volume.currency(), Amounts.format(volume.amount(), volume.currency(), volume.amount()));
        }
    }

    static OverviewResponse of(LedgerOverview overview) {
        return new OverviewResponse(overview.ledgerId(), utc(overview.asOf()), overview.accounts(),
                ActivityResponse.of(overview.lastDay()), ActivityResponse.of(overview.lastMonth()));
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
