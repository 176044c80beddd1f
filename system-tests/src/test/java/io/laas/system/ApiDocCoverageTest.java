package io.laas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/api.md} true to the code, in both directions. A plain JUnit test: it reads every
 * module's {@code src/main/java} as text and needs no service running.
 *
 * <ul>
 * <li>Every problem {@code code} a service can answer is a row of the doc's error catalogue, and every row
 * of the catalogue is a code some service answers.</li>
 * <li>Every JAX-RS endpoint (method and path) is a heading of the reference, and every endpoint heading is
 * an endpoint of the code.</li>
 * <li>An endpoint listed only in the doc's "planned" section must not exist yet: once it lands it belongs in
 * the reference, with its fields, answers and example.</li>
 * </ul>
 *
 * <h2>How problem codes are found</h2>
 *
 * A code is the {@code code} argument of the places that make a problem document: calls of the static
 * factories of {@code ProblemException} (and of {@code Problem}, should it grow any), {@code new
 * ProblemException(…)}, {@code new Problem(…)}, {@code super(…)} in a subclass of {@code ProblemException},
 * and factories imported statically. Which argument is the code is read from the declarations themselves
 * (the parameter named {@code code}), so reordering parameters does not blind the test. Sources are read
 * with comments blanked out and string contents masked, so brackets or commas inside strings cannot
 * mislead the argument splitting. The argument is then resolved:
 * <ul>
 * <li>a string literal is the code ({@code "HTTP_" + status} yields the prefix {@code HTTP_}, which the
 * catalogue writes {@code HTTP_<status>});</li>
 * <li>{@code a ? "X" : "Y"} yields both branches;</li>
 * <li>a constant ({@code URL_NOT_ALLOWED}, {@code Ledger.UNKNOWN_CURRENCY}) is looked up among the
 * {@code static final String} constants of all sources;</li>
 * <li>a local variable is resolved through its initialiser (a {@code switch} expression yields every
 * literal of its arms);</li>
 * <li>a parameter of a helper ({@code limitProblem(String code, …)}) is resolved at each call of the helper
 * (in its own file, or as {@code Helper.method(…)} elsewhere);</li>
 * <li>inside {@code ProblemException} and {@code Problem} themselves, a non-literal code is the caller's,
 * passed through: those calls are already counted where they are made;</li>
 * <li>{@code problem.code()} re-raises the code of a problem made elsewhere (e.g. a bulk item's problem
 * answered for the whole bulk), also counted where that problem is made.</li>
 * </ul>
 * Anything else (a code computed by a method call, a field, a helper nobody calls) cannot be resolved and
 * fails the test with its file and line, so a code can never slip past unseen: pass a literal or a
 * constant, or teach this test the new form. A resolved literal must look like a code
 * ({@code [A-Z][A-Z0-9_]{2,}}).
 */
class ApiDocCoverageTest {

    private static final Path ROOT = RepositoryRoot.path();
    private static final Path DOC = ROOT.resolve("docs/api.md");

    // ------------------------------------------------------------------------------------------------
    // The checks against the real code and the real doc
    // ------------------------------------------------------------------------------------------------

    @Test
    void everyProblemCodeOfTheServicesIsInTheErrorCatalogue() {
        ProblemCodes found = ProblemCodes.extract(mainSources());
        assertTrue(found.unresolved.isEmpty(), "Problem codes this test cannot resolve (pass a literal or a"
                + " constant, or extend ApiDocCoverageTest):\n  " + String.join("\n  ", found.unresolved));
        assertTrue(found.codes.size() > 20, "suspiciously few problem codes found: " + found.codes.keySet());
        List<String> missing = ApiDoc.read(DOC).undocumentedCodes(found.codes.keySet());
        assertTrue(missing.isEmpty(), "docs/api.md's error catalogue lacks these codes (status, meaning, extension"
                + " fields, what the client should do):\n  " + missing.stream()
                        .map(code -> code + "  (made at " + String.join(", ", found.codes.get(code)) + ")")
                        .collect(Collectors.joining("\n  ")));
    }

    @Test
    void everyCodeOfTheErrorCatalogueIsOneTheServicesAnswer() {
        ProblemCodes found = ProblemCodes.extract(mainSources());
        List<String> stale = ApiDoc.read(DOC).unknownCatalogueCodes(found.codes.keySet());
        assertTrue(stale.isEmpty(), "docs/api.md's error catalogue lists codes no service answers any more: " + stale);
    }

    @Test
    void everyEndpointIsInTheReference() {
        Endpoints found = Endpoints.extract(mainSources());
        assertTrue(found.unsupported.isEmpty(), "JAX-RS declarations this test cannot read:\n  "
                + String.join("\n  ", found.unsupported));
        assertTrue(found.endpoints.size() > 15, "suspiciously few endpoints found: " + found.endpoints.keySet());
        ApiDoc doc = ApiDoc.read(DOC);
        List<String> missing = found.endpoints.keySet().stream()
                .filter(endpoint -> !doc.referenceEndpoints.contains(endpoint))
                .map(endpoint -> endpoint + "  (" + found.endpoints.get(endpoint) + ")")
                .toList();
        assertTrue(missing.isEmpty(), "docs/api.md has no reference heading (### `METHOD /path`) for:\n  "
                + String.join("\n  ", missing));
    }

    @Test
    void everyEndpointOfTheReferenceExists() {
        Endpoints found = Endpoints.extract(mainSources());
        List<String> stale = ApiDoc.read(DOC).referenceEndpoints.stream()
                .filter(endpoint -> !found.endpoints.containsKey(endpoint))
                .toList();
        assertTrue(stale.isEmpty(), "docs/api.md documents endpoints the code does not have: " + stale);
    }

    @Test
    void plannedEndpointsHaveNotLandedYet() {
        Endpoints found = Endpoints.extract(mainSources());
        List<String> landed = ApiDoc.read(DOC).plannedEndpoints.stream()
                .filter(found.endpoints::containsKey)
                .toList();
        assertTrue(landed.isEmpty(), "These endpoints are in the code now: move them from the planned section of"
                + " docs/api.md into the reference, with fields, status codes and an example: " + landed);
    }

    // ------------------------------------------------------------------------------------------------
    // The extractors and the doc reader on synthetic input: they find what they must, and fail when
    // something is missing
    // ------------------------------------------------------------------------------------------------

    private static final String PROBLEM_EXCEPTION = """
            package io.laas.web.problem;
            public class ProblemException extends RuntimeException {
                public ProblemException(int status, String code, String title, String detail) {
                    this(status, code, title, detail, java.util.Map.of());
                }
                public ProblemException(int status, String code, String title, String detail, Object extensions) {
                }
                public static ProblemException notFound(String code, String detail) {
                    return new ProblemException(404, code, "Not Found", detail);
                }
                public static ProblemException validation(String field, String message) {
                    return new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "(" + field + "}");
                }
                public Problem toProblem(String instance) {
                    return new Problem(status, code, title, detail(), instance, extensions);
                }
            }
            """;
    private static final String PROBLEM = """
            package io.laas.web.problem;
            public record Problem(int status, String code, String title, String detail, String instance, Object x) {
            }
            """;

    @Test
    void theExtractorFindsCodesHoweverTheyArePassed() {
        String service = """
                package x;
                import static io.laas.web.problem.ProblemException.notFound;
                class Service {
                    static final String GONE = "THING_GONE";
                    // ProblemException.notFound("IN_A_COMMENT", "…") is not code
                    void a(boolean frozen) {
                        throw ProblemException.notFound("LITERAL_CODE", "a (tricky, detail} \\" string");
                    }
                    void b(boolean frozen) {
                        throw new ProblemException(409, frozen ? "ACCOUNT_FROZEN" : "ACCOUNT_CLOSED", "Conflict", "x");
                    }
                    Object c(int status) {
                        String code = switch (status) {
                            case 400 -> "FROM_SWITCH";
                            default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
                        };
                        return new Problem(status, code, "t", "d", null, null);
                    }
                    void d() {
                        throw limit("VIA_HELPER", 1);
                    }
                    void e() {
                        throw notFound(GONE, "statically imported factory, code from a constant");
                    }
                    void f() {
                        throw ProblemException.notFound(Other.ELSEWHERE, "qualified constant");
                    }
                    ProblemException g(ProblemException problem) {
                        return new ProblemException(problem.status(), problem.code(), "re-raised", "counted elsewhere");
                    }
                    private static ProblemException limit(String code, int amount) {
                        return ProblemException.notFound(code, "detail " + amount);
                    }
                }
                """;
        String other = """
                package x;
                class Other {
                    public static final String ELSEWHERE = "CONSTANT_ELSEWHERE";
                }
                """;
        String subclass = """
                package x;
                class Limited extends ProblemException {
                    Limited(long seconds) {
                        super(429, "FROM_SUPER", "Too Many Requests", "retry after " + seconds);
                    }
                }
                """;
        ProblemCodes found = ProblemCodes.extract(sources("ProblemException.java", PROBLEM_EXCEPTION,
                "Problem.java", PROBLEM, "Service.java", service, "Other.java", other, "Limited.java", subclass));

        assertEquals(List.of(), found.unresolved);
        assertEquals(new TreeSet<>(List.of("ACCOUNT_CLOSED", "ACCOUNT_FROZEN", "CONSTANT_ELSEWHERE", "FROM_SUPER",
                "FROM_SWITCH", "HTTP_", "INTERNAL_ERROR", "LITERAL_CODE", "THING_GONE", "VALIDATION_FAILED",
                "VIA_HELPER")), found.codes.keySet());
        assertEquals(List.of("Service.java:7"), found.codes.get("LITERAL_CODE"));
    }

    @Test
    void theExtractorReportsACodeItCannotResolve() {
        String service = """
                package x;
                class Service {
                    void a() {
                        throw ProblemException.notFound(codeFor(this), "computed");
                    }
                    void b() {
                        throw ProblemException.notFound("lower_case", "not a code");
                    }
                }
                """;
        ProblemCodes found = ProblemCodes.extract(sources("ProblemException.java", PROBLEM_EXCEPTION,
                "Problem.java", PROBLEM, "Service.java", service));
        assertEquals(2, found.unresolved.size(), found.unresolved.toString());
        assertTrue(found.unresolved.get(0).startsWith("Service.java:4"), found.unresolved.toString());
        assertTrue(found.unresolved.get(1).startsWith("Service.java:7"), found.unresolved.toString());
    }

    @Test
    void theEndpointExtractorJoinsClassAndMethodPaths() {
        String resource = """
                package x;
                @Path("/v1/ledgers/{ledger_id}/things")
                @Produces("application/json")
                public class ThingResource {
                    @POST
                    public Object create(@PathParam("ledger_id") String id,
                            @Pattern(regexp = "[a-z]{1,3}", message = "a { brace") String q) {
                        return null;
                    }
                    @GET
                    @Path("/{thing_id: [0-9a-f-]+}/")
                    public Object get() {
                        return null;
                    }
                    @jakarta.ws.rs.PATCH
                    @Path("{thing_id}")
                    public Object patch() {
                        return null;
                    }
                    @ServerExceptionMapper({ A.class, B.class })
                    public Object mapper() {
                        return null;
                    }
                    public record View(String id) {
                    }
                }
                """;
        Endpoints found = Endpoints.extract(sources("ThingResource.java", resource));
        assertEquals(List.of(), found.unsupported);
        assertEquals(Set.of("POST /v1/ledgers/{ledger_id}/things", "GET /v1/ledgers/{ledger_id}/things/{thing_id}",
                "PATCH /v1/ledgers/{ledger_id}/things/{thing_id}"), found.endpoints.keySet());
    }

    @Test
    void aCodeOrEndpointMissingFromTheDocIsReported() {
        ApiDoc doc = ApiDoc.parse("""
                # API
                ### `GET /v1/things`
                Mentions `POST /v1/things` and `NOT_IN_THE_CATALOGUE` in passing, which counts for nothing.
                ## Error catalogue
                | code | status |
                |---|---|
                | `THING_NOT_FOUND` | 404 |
                | `HTTP_<status>` | other |
                | `GONE_FOR_GOOD` | 410 |
                ## Planned
                <!-- api-doc:planned -->
                - `POST /v1/things/bulk`
                <!-- /api-doc:planned -->
                ### `DELETE /v1/things/{id}`
                """);
        assertEquals(Set.of("GET /v1/things", "DELETE /v1/things/{id}"), doc.referenceEndpoints);
        assertEquals(Set.of("POST /v1/things/bulk"), doc.plannedEndpoints);
        assertEquals(List.of("NOT_IN_THE_CATALOGUE"),
                doc.undocumentedCodes(Set.of("THING_NOT_FOUND", "HTTP_", "NOT_IN_THE_CATALOGUE")));
        assertEquals(List.of("GONE_FOR_GOOD"), doc.unknownCatalogueCodes(Set.of("THING_NOT_FOUND", "HTTP_")));
    }

    private static Map<String, String> sources(String... nameAndText) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            sources.put(nameAndText[i], nameAndText[i + 1]);
        }
        return sources;
    }

    // ------------------------------------------------------------------------------------------------
    // Sources
    // ------------------------------------------------------------------------------------------------

    /** Every {@code src/main/java/**.java} of the repository, by path relative to the root. */
    private static Map<String, String> mainSources() {
        Map<String, String> sources = new TreeMap<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(ROOT) && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"))
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String relative = ROOT.relativize(file).toString().replace('\\', '/');
                    if (relative.endsWith(".java") && relative.contains("src/main/java/")) {
                        sources.put(relative, Files.readString(file, StandardCharsets.UTF_8));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(sources.size() > 100, "too few sources under " + ROOT + ": " + sources.size());
        return sources;
    }

    /**
     * A Java source with comments blanked and the contents of string, text-block and character literals
     * replaced by spaces ({@link #masked}, same length and line breaks as {@link #text}), so that brackets,
     * commas and keywords can be found by position; {@link #literals} keeps each string's value by the
     * position of its opening quote.
     */
    static final class JavaSource {

        final String name;
        final String text;
        final String masked;
        final TreeMap<Integer, String> literals = new TreeMap<>();
        /** The simple name of the file's top-level type: {@code Foo} for {@code …/Foo.java}. */
        final String typeName;

        JavaSource(String name, String text) {
            this.name = name;
            this.text = text;
            String file = name.substring(name.lastIndexOf('/') + 1);
            this.typeName = file.endsWith(".java") ? file.substring(0, file.length() - 5) : file;
            StringBuilder out = new StringBuilder(text);
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '/' && text.startsWith("//", i)) {
                    int end = text.indexOf('\n', i);
                    end = end < 0 ? text.length() : end;
                    blank(out, i, end);
                    i = end;
                } else if (c == '/' && text.startsWith("/*", i)) {
                    int end = text.indexOf("*/", i + 2);
                    end = end < 0 ? text.length() : end + 2;
                    blank(out, i, end);
                    i = end;
                } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    end = end < 0 ? text.length() : end;
                    literals.put(i, text.substring(i + 3, end));
                    blank(out, i + 3, end);
                    i = Math.min(text.length(), end + 3);
                } else if (c == '"' || c == '\'') {
                    StringBuilder value = new StringBuilder();
                    int j = i + 1;
                    while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
                        if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                            value.append(text.charAt(j + 1));
                            j += 2;
                        } else {
                            value.append(text.charAt(j++));
                        }
                    }
                    if (c == '"') {
                        literals.put(i, value.toString());
                    }
                    blank(out, i + 1, j);
                    i = j + 1;
                } else {
                    i++;
                }
            }
            this.masked = out.toString();
        }

        private static void blank(StringBuilder out, int from, int to) {
            for (int k = from; k < to; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
        }

        int line(int position) {
            int line = 1;
            for (int k = 0; k < position && k < text.length(); k++) {
                if (text.charAt(k) == '\n') {
                    line++;
                }
            }
            return line;
        }

        String where(int position) {
            return name + ":" + line(position);
        }

        /** The position after the bracket that closes the one at {@code open}, or the end of the text. */
        int close(int open) {
            int depth = 0;
            for (int k = open; k < masked.length(); k++) {
                char c = masked.charAt(k);
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                    if (depth == 0) {
                        return k + 1;
                    }
                }
            }
            return masked.length();
        }

        /** The top-level arguments of the call whose {@code (} is at {@code open}, as [start, end) spans. */
        List<int[]> arguments(int open) {
            List<int[]> arguments = new ArrayList<>();
            int depth = 0;
            int start = open + 1;
            for (int k = open + 1; k < masked.length(); k++) {
                char c = masked.charAt(k);
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                } else if (c == ')' || (c == ',' && depth == 0)) {
                    if (k > start || c == ',' || !arguments.isEmpty()) {
                        arguments.add(new int[] { start, k });
                    }
                    if (c == ')') {
                        return arguments;
                    }
                    start = k + 1;
                }
            }
            return arguments;
        }

        /** The first position of {@code wanted} in [from, to) outside any bracket, or -1. */
        int topLevel(int from, int to, char wanted) {
            int depth = 0;
            for (int k = from; k < to; k++) {
                char c = masked.charAt(k);
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (c == wanted && depth == 0) {
                    return k;
                }
            }
            return -1;
        }

        /** The string literals whose opening quote lies in [from, to). */
        List<String> literalsIn(int from, int to) {
            return new ArrayList<>(literals.subMap(from, to).values());
        }

        /** The method or constructor declarations: name, parameter names, body span. */
        List<Method> methods() {
            List<Method> methods = new ArrayList<>();
            Matcher m = METHOD_DECLARATION.matcher(masked);
            while (m.find()) {
                String name = m.group(1);
                if (NOT_METHODS.contains(name) || precededByNew(m.start(1))) {
                    continue;
                }
                int open = masked.indexOf('(', m.end(1));
                int closed = close(open);
                Matcher body = BODY_START.matcher(masked).region(closed, masked.length());
                if (!body.lookingAt()) {
                    continue;
                }
                int brace = body.end() - 1;
                List<String> parameters = new ArrayList<>();
                for (int[] parameter : arguments(open)) {
                    Matcher names = IDENTIFIER.matcher(masked.substring(parameter[0], parameter[1]));
                    String last = null;
                    while (names.find()) {
                        last = names.group();
                    }
                    parameters.add(last);
                }
                methods.add(new Method(name, m.start(1), parameters, brace, close(brace)));
            }
            return methods;
        }

        private boolean precededByNew(int position) {
            String before = masked.substring(Math.max(0, position - 12), position).strip();
            return before.endsWith("new") || before.endsWith(".");
        }

        /** The innermost method whose body holds {@code position}, or null. */
        Method enclosingMethod(int position) {
            Method found = null;
            for (Method method : methods()) {
                if (method.bodyStart < position && position < method.bodyEnd
                        && (found == null || method.bodyStart > found.bodyStart)) {
                    found = method;
                }
            }
            return found;
        }

        private static final Pattern METHOD_DECLARATION = Pattern.compile(
                "(?<![\\w$.@])([A-Za-z_$][\\w$]*)\\s*\\((?=[^;{}]*\\)\\s*(?:throws\\s+[\\w$.,\\s]+)?\\{)");
        private static final Pattern BODY_START = Pattern.compile("\\s*(?:throws\\s+[\\w$.,\\s]+)?\\{");
        private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");
        private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
                "try", "return", "new", "throw", "else", "do");
    }

    record Method(String name, int namePosition, List<String> parameters, int bodyStart, int bodyEnd) {
    }

    // ------------------------------------------------------------------------------------------------
    // Problem codes
    // ------------------------------------------------------------------------------------------------

    /** The problem codes of a set of sources, each with where it is made, and what could not be resolved. */
    static final class ProblemCodes {

        static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{2,}");
        private static final Pattern CONSTANT = Pattern.compile(
                "\\bstatic\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"");
        private static final Pattern FACTORY_DECLARATION = Pattern.compile(
                "\\bstatic\\s+(ProblemException|Problem)\\s+([a-z][\\w$]*)\\s*\\(");
        private static final Pattern FACTORY_CALL = Pattern.compile("(?<![\\w$])(ProblemException|Problem)\\s*\\.\\s*([a-z][\\w$]*)\\s*\\(");
        private static final Pattern CONSTRUCTION = Pattern.compile("(?<![\\w$.])new\\s+(ProblemException|Problem)\\s*\\(");
        private static final Pattern SUBCLASS = Pattern.compile("\\bclass\\s+\\w+\\s+extends\\s+(?:[\\w.]+\\.)?ProblemException\\b");
        private static final Pattern SUPER_CALL = Pattern.compile("(?<![\\w$.])super\\s*\\(");
        private static final Pattern STATIC_IMPORT = Pattern.compile(
                "\\bimport\\s+static\\s+[\\w.]*\\b(ProblemException|Problem)\\s*\\.\\s*(\\w+|\\*)\\s*;");
        private static final Pattern CODE_OF_A_PROBLEM = Pattern.compile("[A-Za-z_$][\\w$]*\\s*\\.\\s*code\\s*\\(\\s*\\)");
        private static final Pattern QUALIFIED_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*");
        private static final int MAX_DEPTH = 6;

        /** Code → where it is made ({@code file:line}), sorted by code. */
        final Map<String, List<String>> codes = new TreeMap<>();
        final List<String> unresolved = new ArrayList<>();

        private final List<JavaSource> sources = new ArrayList<>();
        /** Constant name → (declaring type, value). */
        private final Map<String, List<String[]>> constants = new TreeMap<>();
        /** "ProblemException.notFound" → index of its code parameter (-1: it has none, its body names the code). */
        private final Map<String, Integer> factories = new TreeMap<>();
        /** "ProblemException" / "Problem" → index of the code parameter of its constructors. */
        private final Map<String, Integer> constructors = new TreeMap<>();

        static ProblemCodes extract(Map<String, String> texts) {
            ProblemCodes result = new ProblemCodes();
            texts.forEach((name, text) -> result.sources.add(new JavaSource(name, text)));
            result.readDeclarations();
            for (JavaSource source : result.sources) {
                result.scan(source);
            }
            result.codes.values().forEach(places -> places.sort(null));
            return result;
        }

        private void readDeclarations() {
            for (JavaSource source : sources) {
                Matcher constant = CONSTANT.matcher(source.masked);
                while (constant.find()) {
                    String value = source.literals.get(constant.end() - 1);
                    constants.computeIfAbsent(constant.group(1), k -> new ArrayList<>())
                            .add(new String[] { source.typeName, value });
                }
                if (isProblemType(source)) {
                    Matcher factory = FACTORY_DECLARATION.matcher(source.masked);
                    while (factory.find()) {
                        int open = factory.end() - 1;
                        factories.put(factory.group(1) + "." + factory.group(2), codeIndex(source, open));
                    }
                    String type = source.typeName;
                    Matcher declaration = Pattern.compile("(?:\\bpublic\\s+|\\brecord\\s+)" + type + "\\s*\\(")
                            .matcher(source.masked);
                    while (declaration.find()) {
                        int index = codeIndex(source, declaration.end() - 1);
                        if (index >= 0) {
                            constructors.put(type, index);
                        }
                    }
                }
            }
            if (!constructors.containsKey("ProblemException") || !constructors.containsKey("Problem")) {
                throw new IllegalStateException("ProblemException and Problem, with a parameter named code, were not"
                        + " found among the sources; found " + constructors);
            }
        }

        private static boolean isProblemType(JavaSource source) {
            return source.typeName.equals("ProblemException") || source.typeName.equals("Problem");
        }

        private static int codeIndex(JavaSource source, int open) {
            List<int[]> parameters = source.arguments(open);
            for (int i = 0; i < parameters.size(); i++) {
                if (source.masked.substring(parameters.get(i)[0], parameters.get(i)[1]).matches("(?s).*\\bcode\\s*")) {
                    return i;
                }
            }
            return -1;
        }

        private void scan(JavaSource source) {
            Matcher call = FACTORY_CALL.matcher(source.masked);
            while (call.find()) {
                factoryCall(source, call.group(1) + "." + call.group(2), call.end() - 1);
            }
            Matcher imported = STATIC_IMPORT.matcher(source.masked);
            while (imported.find()) {
                String type = imported.group(1);
                for (String factory : factories.keySet()) {
                    String name = factory.substring(factory.indexOf('.') + 1);
                    if (factory.startsWith(type + ".") && (imported.group(2).equals("*") || imported.group(2).equals(name))) {
                        Matcher unqualified = Pattern.compile("(?<![\\w$.])" + Pattern.quote(name) + "\\s*\\(")
                                .matcher(source.masked);
                        while (unqualified.find()) {
                            if (!isDeclaration(source, unqualified.start())) {
                                factoryCall(source, factory, unqualified.end() - 1);
                            }
                        }
                    }
                }
            }
            Matcher construction = CONSTRUCTION.matcher(source.masked);
            while (construction.find()) {
                codeArgument(source, construction.end() - 1, constructors.get(construction.group(1)));
            }
            if (SUBCLASS.matcher(source.masked).find()) {
                Matcher superCall = SUPER_CALL.matcher(source.masked);
                while (superCall.find()) {
                    codeArgument(source, superCall.end() - 1, constructors.get("ProblemException"));
                }
            }
        }

        private void factoryCall(JavaSource source, String factory, int open) {
            Integer index = factories.get(factory);
            if (index == null) {
                unresolved.add(source.where(open) + ": " + factory + " is not a factory declared with a code parameter");
            } else if (index >= 0) {
                codeArgument(source, open, index);
            }
        }

        private void codeArgument(JavaSource source, int open, int index) {
            List<int[]> arguments = source.arguments(open);
            if (index >= arguments.size()) {
                unresolved.add(source.where(open) + ": no argument " + index + " (the code) in this call");
                return;
            }
            resolve(source, arguments.get(index)[0], arguments.get(index)[1], open, 0);
        }

        /** Adds the codes the expression in [from, to) can be; {@code site} is the call it is an argument of. */
        private void resolve(JavaSource source, int from, int to, int site, int depth) {
            while (from < to && Character.isWhitespace(source.masked.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(source.masked.charAt(to - 1))) {
                to--;
            }
            String expression = source.masked.substring(from, to);
            String shown = source.text.substring(from, to).replaceAll("\\s+", " ");
            if (depth > MAX_DEPTH) {
                unresolved.add(source.where(site) + ": gave up resolving `" + shown + "`");
                return;
            }
            if (expression.startsWith("(") && source.close(from) == to) {
                resolve(source, from + 1, to - 1, site, depth);
                return;
            }
            int question = source.topLevel(from, to, '?');
            if (question >= 0) {
                int colon = colonOf(source, question + 1, to);
                if (colon < 0) {
                    unresolved.add(source.where(site) + ": cannot read the conditional `" + shown + "`");
                    return;
                }
                resolve(source, question + 1, colon, site, depth);
                resolve(source, colon + 1, to, site, depth);
                return;
            }
            if (expression.startsWith("switch") && expression.endsWith("}")) {
                for (String literal : source.literalsIn(from, to)) {
                    if (CODE.matcher(literal).matches()) {
                        add(literal, source, site);
                    }
                }
                return;
            }
            List<String> literals = source.literalsIn(from, to);
            if (!literals.isEmpty()) {
                boolean single = expression.startsWith("\"") && expression.endsWith("\"") && literals.size() == 1
                        && source.masked.indexOf('"', from + 1) == to - 1;
                boolean concatenation = source.topLevel(from, to, '+') >= 0 && expression.startsWith("\"");
                if (!single && !concatenation) {
                    unresolved.add(source.where(site) + ": cannot read the code `" + shown + "`");
                    return;
                }
                String literal = literals.get(0);
                if (CODE.matcher(literal).matches()) {
                    add(literal, source, site);
                } else {
                    unresolved.add(source.where(site) + ": \"" + literal + "\" does not look like a problem code"
                            + " ([A-Z][A-Z0-9_]{2,})");
                }
                return;
            }
            if (CODE_OF_A_PROBLEM.matcher(expression).matches()) {
                return; // the code of a problem made elsewhere, counted where that problem is made
            }
            if (!QUALIFIED_NAME.matcher(expression).matches()) {
                unresolved.add(source.where(site) + ": cannot tell which code `" + shown + "` is");
                return;
            }
            String[] parts = expression.replaceAll("\\s", "").split("\\.");
            String name = parts[parts.length - 1];
            if (name.equals(name.toUpperCase()) && parts.length <= 2) {
                constant(source, parts.length == 2 ? parts[0] : null, name, site, shown);
            } else if (parts.length == 1 || (parts.length == 2 && parts[0].equals("this"))) {
                variable(source, name, from, site, depth, shown);
            } else {
                unresolved.add(source.where(site) + ": cannot tell which code `" + shown + "` is");
            }
        }

        /** The ':' that closes the conditional whose '?' precedes {@code from}. */
        private static int colonOf(JavaSource source, int from, int to) {
            int nested = 0;
            int depth = 0;
            for (int k = from; k < to; k++) {
                char c = source.masked.charAt(k);
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (depth == 0 && c == '?') {
                    nested++;
                } else if (depth == 0 && c == ':') {
                    if (nested == 0) {
                        return k;
                    }
                    nested--;
                }
            }
            return -1;
        }

        private void constant(JavaSource source, String qualifier, String name, int site, String shown) {
            List<String[]> declared = constants.getOrDefault(name, List.of());
            String owner = qualifier != null ? qualifier : source.typeName;
            List<String[]> chosen = declared.stream().filter(d -> d[0].equals(owner)).toList();
            if (chosen.isEmpty() && qualifier == null) {
                chosen = declared;
            }
            if (chosen.isEmpty()) {
                unresolved.add(source.where(site) + ": no String constant `" + shown + "` found");
            }
            for (String[] constant : chosen) {
                if (CODE.matcher(constant[1]).matches()) {
                    add(constant[1], source, site);
                } else {
                    unresolved.add(source.where(site) + ": constant `" + shown + "` = \"" + constant[1]
                            + "\" does not look like a problem code");
                }
            }
        }

        private void variable(JavaSource source, String name, int position, int site, int depth, String shown) {
            if (isProblemType(source)) {
                return; // the problem types pass their callers' codes on: counted at those calls
            }
            Method method = source.enclosingMethod(position);
            if (method == null) {
                unresolved.add(source.where(site) + ": `" + shown + "` is not a local variable or parameter");
                return;
            }
            Matcher local = Pattern.compile("\\b(?:String|var)\\s+" + Pattern.quote(name) + "\\s*=")
                    .matcher(source.masked).region(method.bodyStart, position);
            int initializer = -1;
            while (local.find()) {
                initializer = local.end();
            }
            if (initializer >= 0) {
                int end = initializer;
                while (end < source.masked.length() && source.masked.charAt(end) != ';') {
                    char c = source.masked.charAt(end);
                    end = c == '(' || c == '[' || c == '{' ? source.close(end) : end + 1;
                }
                resolve(source, initializer, end, site, depth + 1);
                return;
            }
            int index = method.parameters().indexOf(name);
            if (index < 0) {
                unresolved.add(source.where(site) + ": `" + shown + "` is neither a local variable nor a parameter of "
                        + method.name() + "()");
                return;
            }
            int calls = 0;
            for (JavaSource caller : sources) {
                String pattern = caller == source
                        ? "(?<![\\w$.])(?:this\\s*\\.\\s*)?" + Pattern.quote(method.name()) + "\\s*\\("
                        : "(?<![\\w$.])" + Pattern.quote(source.typeName) + "\\s*\\.\\s*" + Pattern.quote(method.name())
                                + "\\s*\\(";
                Matcher call = Pattern.compile(pattern).matcher(caller.masked);
                while (call.find()) {
                    if (caller == source && isDeclaration(source, call.start())) {
                        continue;
                    }
                    List<int[]> arguments = caller.arguments(call.end() - 1);
                    if (index < arguments.size()) {
                        calls++;
                        resolve(caller, arguments.get(index)[0], arguments.get(index)[1], call.end() - 1, depth + 1);
                    }
                }
            }
            if (calls == 0) {
                unresolved.add(source.where(site) + ": `" + shown + "` is a parameter of " + method.name()
                        + "(), which nothing calls where this test can see");
            }
        }

        private static boolean isDeclaration(JavaSource source, int nameStart) {
            for (Method method : source.methods()) {
                if (method.namePosition() <= nameStart && nameStart < method.namePosition() + method.name().length() + 1) {
                    return true;
                }
            }
            return false;
        }

        private void add(String code, JavaSource source, int site) {
            List<String> places = codes.computeIfAbsent(code, k -> new ArrayList<>());
            String place = source.where(site);
            if (!places.contains(place)) {
                places.add(place);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Endpoints
    // ------------------------------------------------------------------------------------------------

    /** The JAX-RS endpoints of a set of sources ("METHOD /path" → file), and declarations that could not be read. */
    static final class Endpoints {

        private static final Pattern HTTP_METHOD = Pattern.compile(
                "@(?:jakarta\\.ws\\.rs\\.|javax\\.ws\\.rs\\.)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\\b(?!\\s*\\()");
        private static final Pattern PATH = Pattern.compile("@(?:jakarta\\.ws\\.rs\\.|javax\\.ws\\.rs\\.)?Path\\s*\\(");
        private static final Pattern TYPE = Pattern.compile("(?<![\\w$.])(?:class|interface|record|enum)\\s+[\\w$]+");

        final Map<String, String> endpoints = new TreeMap<>();
        final List<String> unsupported = new ArrayList<>();

        static Endpoints extract(Map<String, String> texts) {
            Endpoints result = new Endpoints();
            texts.forEach((name, text) -> {
                if (PATH.matcher(text).find()) {
                    result.scan(new JavaSource(name, text));
                }
            });
            return result;
        }

        /**
         * A declaration's annotations and header lie between the end of the previous member (a ';', '{' or
         * '}' outside parentheses) and the next; the class body of a type runs from its '{' to the matching '}'.
         */
        private void scan(JavaSource source) {
            List<Integer> boundaries = new ArrayList<>();
            int parentheses = 0;
            for (int k = 0; k < source.masked.length(); k++) {
                char c = source.masked.charAt(k);
                if (c == '(') {
                    parentheses++;
                } else if (c == ')') {
                    parentheses--;
                } else if (parentheses == 0 && (c == ';' || c == '{' || c == '}')) {
                    boundaries.add(k);
                }
            }
            Map<Integer, int[]> groups = new TreeMap<>();
            for (Pattern annotation : List.of(HTTP_METHOD, PATH)) {
                Matcher m = annotation.matcher(source.masked);
                while (m.find()) {
                    int start = 0;
                    int end = source.masked.length();
                    for (int boundary : boundaries) {
                        if (boundary < m.start()) {
                            start = boundary + 1;
                        } else {
                            end = boundary;
                            break;
                        }
                    }
                    groups.put(start, new int[] { start, end });
                }
            }
            List<int[]> classes = new ArrayList<>(); // {bodyStart, bodyEnd, index of class path or -1}
            List<String> classPaths = new ArrayList<>();
            List<int[]> members = new ArrayList<>();
            for (int[] group : groups.values()) {
                String header = source.masked.substring(group[0], group[1]);
                if (TYPE.matcher(header).find()) {
                    String path = path(source, group);
                    classPaths.add(path);
                    int brace = group[1];
                    classes.add(new int[] { brace, source.close(brace), classPaths.size() - 1 });
                } else {
                    members.add(group);
                }
            }
            for (int[] member : members) {
                String header = source.masked.substring(member[0], member[1]);
                Matcher method = HTTP_METHOD.matcher(header);
                String subPath = path(source, member);
                if (!method.find()) {
                    unsupported.add(source.where(member[0]) + ": @Path without an HTTP method (a sub-resource locator?)");
                    continue;
                }
                String classPath = null;
                int innermost = -1;
                for (int[] type : classes) {
                    if (type[0] < member[0] && member[1] <= type[1] && type[0] > innermost) {
                        innermost = type[0];
                        classPath = classPaths.get(type[2]);
                    }
                }
                if (classPath == null) {
                    unsupported.add(source.where(member[0]) + ": a resource method of a class without @Path");
                    continue;
                }
                do {
                    endpoints.put(method.group(1) + " " + join(classPath, subPath), source.name);
                } while (method.find());
            }
        }

        /** The value of the group's @Path ("" when it has none); a non-literal value is reported. */
        private String path(JavaSource source, int[] group) {
            Matcher m = PATH.matcher(source.masked).region(group[0], group[1]);
            if (!m.find()) {
                return "";
            }
            List<int[]> arguments = source.arguments(m.end() - 1);
            if (arguments.size() == 1) {
                String argument = source.masked.substring(arguments.get(0)[0], arguments.get(0)[1]).strip();
                List<String> literals = source.literalsIn(arguments.get(0)[0], arguments.get(0)[1]);
                if (literals.size() == 1 && (argument.startsWith("\"") || argument.matches("value\\s*=\\s*\".*"))) {
                    return literals.get(0);
                }
            }
            unsupported.add(source.where(m.start()) + ": @Path value is not a string literal");
            return "";
        }

        static String join(String classPath, String subPath) {
            String joined = ("/" + classPath + "/" + subPath).replaceAll("\\{\\s*([\\w-]+)\\s*:[^}]*}", "{$1}")
                    .replaceAll("/+", "/");
            return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The doc
    // ------------------------------------------------------------------------------------------------

    /**
     * What docs/api.md documents: the endpoints of its reference (headings holding {@code `METHOD /path`}),
     * the endpoints of its planned section (between {@code <!-- api-doc:planned -->} and
     * {@code <!-- /api-doc:planned -->}, which count as documented for nothing) and the codes of its error
     * catalogue (the first cell of each table row in the section headed "Error catalogue").
     */
    static final class ApiDoc {

        private static final Pattern HEADING_ENDPOINT = Pattern.compile(
                "^#{2,4} .*`(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^`\\s]*)`");
        private static final Pattern ENDPOINT = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^`\\s]*)`");
        private static final Pattern CATALOGUE_ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Za-z0-9_<>]*)`\\s*\\|");
        private static final String PLANNED_START = "<!-- api-doc:planned -->";
        private static final String PLANNED_END = "<!-- /api-doc:planned -->";

        final Set<String> referenceEndpoints = new TreeSet<>();
        final Set<String> plannedEndpoints = new TreeSet<>();
        final Set<String> catalogueCodes = new TreeSet<>();

        static ApiDoc read(Path doc) {
            try {
                return parse(Files.readString(doc, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("docs/api.md cannot be read", e);
            }
        }

        static ApiDoc parse(String markdown) {
            ApiDoc doc = new ApiDoc();
            boolean planned = false;
            boolean catalogue = false;
            boolean fenced = false;
            for (String line : markdown.split("\n")) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                if (line.contains(PLANNED_START)) {
                    planned = true;
                } else if (line.contains(PLANNED_END)) {
                    planned = false;
                }
                if (line.startsWith("## ")) {
                    catalogue = line.toLowerCase().contains("error catalogue");
                }
                if (planned) {
                    Matcher m = ENDPOINT.matcher(line);
                    while (m.find()) {
                        doc.plannedEndpoints.add(m.group(1) + " " + m.group(2));
                    }
                    continue;
                }
                Matcher heading = HEADING_ENDPOINT.matcher(line);
                if (heading.find()) {
                    doc.referenceEndpoints.add(heading.group(1) + " " + heading.group(2));
                }
                Matcher row = CATALOGUE_ROW.matcher(line);
                if (catalogue && row.find()) {
                    doc.catalogueCodes.add(row.group(1));
                }
            }
            return doc;
        }

        /** The codes without a catalogue row; a prefix code such as {@code HTTP_} is written {@code HTTP_<status>}. */
        List<String> undocumentedCodes(Set<String> codes) {
            return codes.stream()
                    .filter(code -> !catalogueCodes.contains(code)
                            && catalogueCodes.stream().noneMatch(row -> code.endsWith("_") && row.startsWith(code + "<")))
                    .sorted()
                    .toList();
        }

        /** The catalogue rows that name no code of the code base. */
        List<String> unknownCatalogueCodes(Set<String> codes) {
            return catalogueCodes.stream()
                    .filter(row -> !codes.contains(row) && !codes.contains(row.replaceAll("<.*", "")))
                    .sorted()
                    .toList();
        }
    }
}
