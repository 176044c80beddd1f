package io.laas.web.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;

class TraceContextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String SAMPLED = "00-" + TRACE + "-" + SPAN + "-01";

    @Test
    void aTraceparentCrossesACarrierUnchanged() {
        Context parent = TraceContext.parent(SAMPLED);
        SpanContext span = Span.fromContext(parent).getSpanContext();
        assertEquals(TRACE, span.getTraceId());
        assertEquals(SPAN, span.getSpanId());
        assertTrue(span.isSampled());
        assertTrue(span.isRemote());
        assertEquals(SAMPLED, TraceContext.of(Span.wrap(span)));
        try (Scope ignored = Span.wrap(span).makeCurrent()) {
            assertEquals(SAMPLED, TraceContext.current());
        }
        Map<String, String> headers = new HashMap<>();
        TraceContext.inject(Span.wrap(span), headers::put);
        assertEquals(Map.of("traceparent", SAMPLED), headers);
    }

    @Test
    void outsideATraceThereIsNothingToCarry() {
        assertNull(TraceContext.current());
        Map<String, String> headers = new HashMap<>();
        TraceContext.inject(Span.getInvalid(), headers::put);
        assertTrue(headers.isEmpty());
    }

    @Test
    void aMissingOrMalformedTraceparentStartsNothing() {
        for (String bad : new String[] { null, "", "  ", "garbage", "00-" + TRACE + "-" + SPAN,
                "00-00000000000000000000000000000000-" + SPAN + "-01", "00-" + TRACE + "-0000000000000000-01" }) {
            assertFalse(TraceContext.isValid(bad), String.valueOf(bad));
            assertFalse(Span.fromContext(TraceContext.parent(bad)).getSpanContext().isValid(), String.valueOf(bad));
        }
        assertTrue(TraceContext.isValid(SAMPLED));
    }

    @Test
    void onlyAnHttpRequestStartsATraceAndAChildFollowsItsParent() {
        RequestRootSampler always = new RequestRootSampler(1.0);
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(always, Context.root(), SpanKind.SERVER));
        for (SpanKind background : List.of(SpanKind.CLIENT, SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER)) {
            assertEquals(SamplingDecision.DROP, decide(always, Context.root(), background), background.name());
        }
        Context sampledParent = TraceContext.parent(SAMPLED);
        Context unsampledParent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, SPAN,
                TraceFlags.getDefault(), TraceState.getDefault())));
        for (SpanKind kind : SpanKind.values()) {
            assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(always, sampledParent, kind), kind.name());
            assertEquals(SamplingDecision.DROP, decide(always, unsampledParent, kind), kind.name());
        }
        assertEquals(SamplingDecision.DROP, decide(new RequestRootSampler(0.0), Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE,
                decide(new RequestRootSampler(0.0), sampledParent, SpanKind.SERVER), "a caller's sampled trace is followed");
    }

    private static SamplingDecision decide(RequestRootSampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, "span", kind, Attributes.empty(), List.of()).getDecision();
    }
}
