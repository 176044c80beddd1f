package io.laas.web.tracing;

import java.util.List;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The services' sampler: a span with a parent follows its parent's decision; a trace starts only at an HTTP
 * request (a server span), for {@code quarkus.otel.traces.sampler.arg} of them (0..1, default 1). Work nobody
 * asked for over HTTP (the relays' and dispatchers' polling queries, scheduled jobs, consumed records written
 * outside a trace) starts none: with the SQL client instrumented, those would otherwise be a trace per query.
 * Quarkus still drops its own endpoints ({@code /q/...}) in front of it.
 */
@Singleton
public class RequestRootSampler implements Sampler {

    private final Sampler sampler;
    private final String description;

    public RequestRootSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        Sampler requests = Sampler.traceIdRatioBased(ratio);
        Sampler roots = new Sampler() {
            @Override
            public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                    Attributes attributes, List<LinkData> links) {
                return kind == SpanKind.SERVER
                        ? requests.shouldSample(parent, traceId, name, kind, attributes, links)
                        : SamplingResult.drop();
            }

            @Override
            public String getDescription() {
                return "ServerSpansOnly{" + requests.getDescription() + "}";
            }
        };
        this.sampler = Sampler.parentBased(roots);
        this.description = "RequestRootSampler{" + sampler.getDescription() + "}";
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind, Attributes attributes,
            List<LinkData> links) {
        return sampler.shouldSample(parent, traceId, name, kind, attributes, links);
    }

    @Override
    public String getDescription() {
        return description;
    }
}
