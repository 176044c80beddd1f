package io.laas.web.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The W3C {@code traceparent} of work that crosses a process boundary without HTTP: an outbox row, a Kafka record,
 * a webhook delivery. HTTP requests carry it already (the OpenTelemetry extension reads and writes the header);
 * these carriers keep it as one string so that one trace spans gateway → command service → relay → projector and
 * webhook delivery. With the OpenTelemetry SDK off (the default, docs/operations.md "Tracing") there is no
 * current span: {@link #current()} is {@code null} and the carriers stay empty.
 */
public final class TraceContext {

    /** The header (HTTP and Kafka) and the outbox column. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The current span's {@code traceparent}, or {@code null} outside any trace. */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** {@code span}'s {@code traceparent}, or {@code null} when it has no valid context. */
    public static String of(Span span) {
        return of(span.getSpanContext());
    }

    private static String of(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        PROPAGATOR.inject(Context.root().with(Span.wrap(span)), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * The context a span continuing {@code traceparent} starts in; the root context when it is {@code null}, blank
     * or malformed (a span started there begins a trace of its own).
     */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return PROPAGATOR.extract(Context.root(), traceparent, ONE_VALUE);
    }

    /** Whether {@code traceparent} is a well-formed, valid W3C trace context. */
    public static boolean isValid(String traceparent) {
        return Span.fromContext(parent(traceparent)).getSpanContext().isValid();
    }

    /** Writes {@code span}'s context as the {@code traceparent} header with {@code put}; nothing when it has none. */
    public static void inject(Span span, BiConsumer<String, String> put) {
        String traceparent = of(span);
        if (traceparent != null) {
            put.accept(TRACEPARENT, traceparent);
        }
    }
}
