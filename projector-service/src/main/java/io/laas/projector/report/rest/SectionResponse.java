package io.laas.projector.report.rest;

import java.util.List;

import io.laas.projector.common.Amounts;
import io.laas.projector.report.ReportSection;

/** A section: its accounts in tree pre-order and its total (the sum of their own amounts). */
public record SectionResponse(List<ReportLineResponse> accounts, String total) {

    static SectionResponse of(ReportSection section, String currency, Integer scale) {
        return new SectionResponse(section.lines().stream()
                .map(line -> ReportLineResponse.of(line, section, currency, scale)).toList(),
                Amounts.format(section.total(), currency, scale));
    }
}
