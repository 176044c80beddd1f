package io.laas.projector.projection.service;

import io.laas.projector.projection.LedgerEvent;

/** An event that a batch parked, with the sequence its ledger stopped at. */
public record ParkedArrival(LedgerEvent event, long ledgerAt) {
}
