package org.rftworkbench.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid inputs for fuzz-style tests: truncation, byte flips, extreme integers written over
 * binary fields, and for JSON wrong types, huge or odd numbers, deleted fields and deep nesting. Not thread-safe.
 */
public final class Mutator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD_NUMBERS = {"1e308", "-1e308", "1e999", "-0", "NaN", "Infinity", "-Infinity",
        "99999999999999999999999999", "-2147483649", "2147483648", "9223372036854775808", "0.0000001", "-1"};
    private static final int[] EXTREME_INTS = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, 65535, 3};

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** A binary mutation: truncate, flip bytes, write an extreme int somewhere, insert or delete a run. */
    public byte[] mutateBytes(byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                return Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            case 1 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 2 -> {
                if (b.length >= 4) {
                    int at = random.nextInt(Math.min(b.length - 3, 64));
                    int v = EXTREME_INTS[random.nextInt(EXTREME_INTS.length)];
                    boolean bigEndian = random.nextBoolean();
                    for (int k = 0; k < 4; k++) {
                        int shift = bigEndian ? 24 - 8 * k : 8 * k;
                        b[at + k] = (byte) (v >>> shift);
                    }
                }
                return b;
            }
            case 3 -> {
                if (b.length >= 8) {
                    // an 8-byte little-endian length prefix (safetensors) set to something absurd
                    long v = switch (random.nextInt(4)) {
                        case 0 -> Long.MAX_VALUE;
                        case 1 -> -1L;
                        case 2 -> 1L << 40;
                        default -> random.nextInt(1 << 12);
                    };
                    for (int k = 0; k < 8; k++) {
                        b[k] = (byte) (v >>> (8 * k));
                    }
                }
                return b;
            }
            case 4 -> {
                int at = random.nextInt(b.length + 1);
                byte[] junk = new byte[1 + random.nextInt(16)];
                random.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                return out;
            }
            default -> {
                if (b.length == 0) {
                    return b;
                }
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(16));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                return out;
            }
        }
    }

    /** A JSON mutation: structural (wrong type, odd number, removed field, deep nesting) or textual. */
    public String mutateJson(String valid) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            try {
                JsonNode tree = JSON.readTree(valid);
                JsonNode mutated = mutateTree(tree);
                String text = JSON.writeValueAsString(mutated);
                return random.nextInt(3) == 0 ? replaceNumber(text) : text;
            } catch (Exception e) {
                throw new IllegalStateException("the seed is not JSON", e);
            }
        }
        return switch (kind) {
            case 5 -> replaceNumber(valid);
            case 6 -> nest(valid);
            default -> new String(mutateBytes(valid.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        };
    }

    private JsonNode mutateTree(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                object.remove(name);
            } else {
                object.set(name, oddValue());
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int i = random.nextInt(array.size());
            if (random.nextInt(4) == 0) {
                array.remove(i);
            } else {
                array.set(i, oddValue());
            }
        } else if (target instanceof ArrayNode array) {
            array.add(oddValue());
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    /** A value of a random, usually wrong, type. */
    private JsonNode oddValue() {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.textNode(random.nextBoolean() ? "" : "x".repeat(1 + random.nextInt(300)));
            case 3 -> NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE : -1L);
            case 4 -> NODES.numberNode(random.nextBoolean() ? 1e308 : -0.5);
            case 5 -> NODES.arrayNode().add(1).add("a");
            case 6 -> NODES.objectNode().put("type", "preview");
            case 7 -> NODES.textNode("../../../etc/passwd");
            case 8 -> NODES.numberNode(random.nextInt());
            default -> NODES.objectNode().set("a", NODES.objectNode().set("b", NODES.arrayNode()));
        };
    }

    private String replaceNumber(String text) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                int start = i;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                runs.add(new int[] {start, i});
            }
        }
        if (runs.isEmpty()) {
            return text;
        }
        int[] run = runs.get(random.nextInt(runs.size()));
        return text.substring(0, run[0]) + ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)] + text.substring(run[1]);
    }

    /** The value of a random field wrapped in thousands of arrays or objects. */
    private String nest(String text) {
        int depth = 500 + random.nextInt(5000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        int colon = text.indexOf(':', random.nextInt(Math.max(1, text.length())));
        if (colon < 0) {
            return open.repeat(depth) + text + close.repeat(depth);
        }
        return text.substring(0, colon + 1) + open.repeat(depth) + "1" + close.repeat(depth)
                + text.substring(colon + 1).replaceFirst("^[^,}\\]]*", "");
    }

    /** For failure reports: the start of an input, printable. */
    public static String preview(byte[] input) {
        String s = new String(input, 0, Math.min(input.length, 160), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[^\\x20-\\x7e]", ".") + (input.length > 160 ? "... (" + input.length + " bytes)" : "");
    }
}
