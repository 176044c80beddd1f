package io.laas.web.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure that is answered as an RFC 9457 {@code application/problem+json} document with a stable
 * machine-readable {@code code}. Extension members (for example the required and available amounts of
 * {@code INSUFFICIENT_FUNDS}) are added to the document as top-level fields.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String code, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(extensions));
    }

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad Request", detail);
    }

    /**
     * 400 {@code VALIDATION_FAILED} for one invalid input, listed as {@code errors: [{field, message}]} like
     * the bean-validation failures.
     */
    public static ProblemException validation(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                Map.of("errors", List.of(Collections.unmodifiableMap(error))));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not Found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException conflict(String code, String detail, Map<String, Object> extensions) {
        return new ProblemException(409, code, "Conflict", detail, extensions);
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, code, "Unprocessable Content", detail);
    }

    public static ProblemException unprocessable(String code, String detail, Map<String, Object> extensions) {
        return new ProblemException(422, code, "Unprocessable Content", detail, extensions);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Problem toProblem(String instance) {
        return new Problem(status, code, title, detail(), instance, extensions);
    }
}
