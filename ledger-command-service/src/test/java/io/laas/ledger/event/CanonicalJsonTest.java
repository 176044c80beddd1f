package io.laas.ledger.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.laas.events.chain.CanonicalJson;
import io.laas.ledger.NodeJs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** RFC 8785's own examples, and agreement with ECMAScript (Node) on random values where Node is installed. */
class CanonicalJsonTest {

    @Test
    void sortsMembersByUtf16CodeUnitsAsRfc8785Section323Shows() {
        JsonObject object = new JsonObject("""
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""");
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 by code units (not by code points)
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                CanonicalJson.canonicalize(object));
    }

    @Test
    void canonicalizesRfc8785Section324Example() {
        JsonObject input = new JsonObject("""
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""");
        String canonical = CanonicalJson.canonicalize(input);
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", canonical);
        // the RFC's UTF-8 bytes of that output
        assertEquals("7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b3333333333"
                + "333333332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac"
                + "245c75303030665c6e4127425c225c5c5c5c5c222f227d",
                HexFormat.of().formatHex(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesNumbersAsRfc8785AppendixBDoes() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("0000000000000000", "0"), Map.entry("8000000000000000", "0"),
                Map.entry("0000000000000001", "5e-324"), Map.entry("8000000000000001", "-5e-324"),
                Map.entry("7fefffffffffffff", "1.7976931348623157e+308"),
                Map.entry("ffefffffffffffff", "-1.7976931348623157e+308"),
                Map.entry("4340000000000000", "9007199254740992"), Map.entry("c340000000000000", "-9007199254740992"),
                Map.entry("4430000000000000", "295147905179352830000"),
                Map.entry("44b52d02c7e14af5", "9.999999999999997e+22"), Map.entry("44b52d02c7e14af6", "1e+23"),
                Map.entry("44b52d02c7e14af7", "1.0000000000000001e+23"),
                Map.entry("444b1ae4d6e2ef4e", "999999999999999700000"),
                Map.entry("444b1ae4d6e2ef4f", "999999999999999900000"), Map.entry("444b1ae4d6e2ef50", "1e+21"),
                Map.entry("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), Map.entry("3eb0c6f7a0b5ed8d", "0.000001"),
                Map.entry("41b3de4355555553", "333333333.3333332"), Map.entry("41b3de4355555554", "333333333.33333325"),
                Map.entry("41b3de4355555555", "333333333.3333333"), Map.entry("41b3de4355555556", "333333333.3333334"),
                Map.entry("41b3de4355555557", "333333333.33333343"),
                Map.entry("becbf647612f3696", "-0.0000033333333333333333"),
                Map.entry("43143ff3c1cb0959", "1424953923781206.2"));
        expected.forEach((bits, text) -> assertEquals(text,
                CanonicalJson.number(Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16))), bits));
    }

    @Test
    void aNumberIsTheDoubleItHoldsWhateverTheJavaTypeHoldingIt() {
        assertEquals("[7,-7,9007199254740992,9007199254740992,12345678901234567000,100000000000000000000,1,1.5,0]",
                CanonicalJson.canonicalize(new JsonArray().add(7).add(-7L).add(9007199254740993L)
                        .add(BigInteger.TWO.pow(53)).add(new BigInteger("12345678901234567890"))
                        .add(new BigInteger("99999999999999999999")).add(new BigDecimal("1.000"))
                        .add(new BigDecimal("1.50")).add(-0.0)),
                "2^53 + 1 is no double: it reads as 2^53");
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(0.1f));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize(new byte[] { 1 }));
    }

    @Test
    void escapesOnlyWhatJsonStringifyEscapes() {
        assertEquals("\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\u007f\u2028\u00e9\ud83d\ude00\"",
                CanonicalJson.canonicalize("\u0000\u0001\b\t\n\u000b\f\r\u001f \"\\/\u007f\u2028\u00e9\ud83d\ude00"));
        assertEquals("{\"a\":{},\"b\":[[],{\"\":null}]}",
                CanonicalJson.canonicalize(new JsonObject().put("b", new JsonArray().add(new JsonArray())
                        .add(new JsonObject().putNull(""))).put("a", new JsonObject())));
        assertEquals("{\"list\":[1,\"x\"],\"map\":{\"k\":false}}",
                CanonicalJson.canonicalize(Map.of("map", Map.of("k", false), "list", List.of(1, "x"))));
    }

    /**
     * Random JSON texts, parsed by Vert.x and canonicalized here, against the same texts parsed by Node and
     * canonicalized with JSON.stringify and a sort: ECMAScript is the reference RFC 8785 builds on.
     */
    @Test
    void agreesWithEcmaScriptOnRandomValues(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(NodeJs.available(), "node is not installed");
        Random random = new Random(8785);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            texts.add(new JsonArray().add(randomValue(random, 3)).encode());
        }
        Path input = Files.write(dir.resolve("values.jsonl"), texts, StandardCharsets.UTF_8);
        Path script = Files.writeString(dir.resolve("jcs.mjs"), """
                import fs from 'node:fs';
                const jcs = (v) => v === null || typeof v !== 'object' ? JSON.stringify(v)
                  : Array.isArray(v) ? `[${v.map(jcs).join(',')}]`
                  : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
                const lines = fs.readFileSync(process.argv[2], 'utf8').split('\\n').filter((l) => l.length > 0);
                fs.writeFileSync(process.argv[3], lines.map((l) => jcs(JSON.parse(l))).join('\\n') + '\\n');
                """);
        Path output = dir.resolve("canonical.jsonl");
        NodeJs.Run run = NodeJs.run(dir, Map.of(), script.toString(), input.toString(), output.toString());
        assertEquals(0, run.exit(), run.output());
        List<String> expected = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(texts.size(), expected.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(expected.get(i), CanonicalJson.canonicalize(new JsonArray(texts.get(i))), texts.get(i));
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong() >> random.nextInt(64);
            case 3 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
            case 4 -> random.nextInt(1_000_000) / Math.pow(10, random.nextInt(8));
            case 5, 6 -> randomString(random);
            case 7 -> {
                JsonObject object = new JsonObject();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.put(randomString(random), randomValue(random, depth - 1));
                }
                yield object;
            }
            default -> {
                JsonArray array = new JsonArray();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
        };
    }

    private static String randomString(Random random) {
        String alphabet = "aZ09 _-\"\\/\b\f\n\r\t\u0001\u001f\u007f\u0080\u00e9\u2028\u20ac\ufb33\uffff";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            if (random.nextInt(8) == 0) {
                text.append("\ud83d\ude00");
            } else {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }
}
