package io.laas.web.tracing;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * The spans of consumed events: one per record that came with a {@code traceparent}, a child of the relay's
 * producer span, open from the poll until the batch it came in is stored and acknowledged. A record without one
 * (the SDK off where it was written, or an event from before tracing) gets none.
 */
public final class ConsumerSpans {

    private ConsumerSpans() {
    }

    /** The span of one consumed record, or {@code null} when it came without a trace context. */
    public static Span started(Tracer tracer, String topic, String traceparent, String eventId) {
        if (traceparent == null) {
            return null;
        }
        return tracer.spanBuilder("process " + topic)
                .setParent(TraceContext.parent(traceparent))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", eventId == null ? "" : eventId)
                .startSpan();
    }

    /** Ends the spans of a batch; with {@code failure} when it could not be processed. */
    public static void ended(List<Span> spans, Throwable failure) {
        for (Span span : spans) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
