package io.laas.projector.projection.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import io.laas.web.consistency.LedgerSequence;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * {@link ReadSequenceFilter} serves every read of a ledger without the resources declaring it: this adds its
 * {@code min_sequence} parameter and {@code Ledger-Sequence} header to those operations of the OpenAPI document.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ReadSequenceOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            Operation get = item.getGET();
            if (get == null || !path.contains("{ledger_id}")) {
                return;
            }
            get.addParameter(OASFactory.createParameter()
                    .name(LedgerSequence.MIN_SEQUENCE)
                    .in(Parameter.In.QUERY)
                    .description("Wait (up to 2 s) until the ledger's read model has reached this sequence, the "
                            + "Ledger-Sequence of a write; 409 PROJECTION_BEHIND if it does not")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO)));
            if (get.getResponses() != null && get.getResponses().getAPIResponses() != null) {
                get.getResponses().getAPIResponses().values().forEach(response -> response.addHeader(
                        LedgerSequence.HEADER, OASFactory.createHeader()
                                .description("A sequence of the ledger the read reflects at least")
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))));
            }
        });
    }
}
