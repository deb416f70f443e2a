package org.rftworkbench.core.util;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Exceptions in plain words for the one-line errors users see: no Java class names ({@code FileSystemLoopException},
 * Jackson's {@code `org...ProjectSpec$AlphaGrid`}), the field or file named instead. Stateless.
 */
public final class PlainMessages {
    /** A qualified exception class name with an optional ": " after it, as Throwable.toString() writes it. */
    private static final Pattern QUALIFIED_EXCEPTION = Pattern.compile(
            "(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*(?:Exception|Error))(?::\\s*)?");
    /** A Java type in backticks, as Jackson quotes them (`java.lang.String`, `a.b.Outer$Inner`). */
    private static final Pattern BACKTICKED_TYPE = Pattern.compile("`(?:[a-zA-Z_][\\w]*\\.)*([A-Za-z_][\\w$]*)`");
    private static final Pattern TOKEN = Pattern.compile("\\s*\\(token `?JsonToken\\.\\w+`?\\)");

    private PlainMessages() {
    }

    /** One line describing {@code e} without its class name. */
    public static String of(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return of(u.getCause());
        }
        if (e instanceof JsonProcessingException j) {
            return json(j);
        }
        if (e instanceof FileSystemLoopException f) {
            return "folder loops back on itself through a link: " + f.getFile();
        }
        if (e instanceof NoSuchFileException f) {
            return "not found: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof NotDirectoryException f) {
            return "not a folder: " + f.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() == null ? "cannot access" : f.getReason();
            return f.getFile() == null ? reason : reason + ": " + f.getFile()
                    + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        }
        if (e instanceof EOFException && e.getMessage() == null) {
            return "the file ends early";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? of(e.getCause()) : "unexpected failure";
        }
        return scrub(message.lines().findFirst().orElse(message));
    }

    /**
     * A message with Java class names taken out: "java.nio.file.NoSuchFileException: x" becomes "not found: x" for
     * the exceptions {@link #of} knows, else the rest of the message; Jackson's backticked types become their simple
     * name without the outer class.
     */
    public static String scrub(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = QUALIFIED_EXCEPTION.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(wordsFor(m.group(1))));
        }
        m.appendTail(sb);
        String s = TOKEN.matcher(sb.toString()).replaceAll("");
        Matcher t = BACKTICKED_TYPE.matcher(s);
        sb = new StringBuilder();
        while (t.find()) {
            String simple = t.group(1);
            simple = simple.substring(simple.lastIndexOf('$') + 1);
            t.appendReplacement(sb, Matcher.quoteReplacement(typeWord(simple)));
        }
        t.appendTail(sb);
        return sb.toString();
    }

    private static String wordsFor(String simpleName) {
        return switch (simpleName) {
            case "FileSystemLoopException" -> "folder loops back on itself through a link: ";
            case "NoSuchFileException", "FileNotFoundException" -> "not found: ";
            case "AccessDeniedException" -> "permission denied: ";
            case "NotDirectoryException" -> "not a folder: ";
            case "FileAlreadyExistsException" -> "already exists: ";
            case "EOFException" -> "the file ends early: ";
            case "OutOfMemoryError" -> "out of memory: ";
            default -> "";
        };
    }

    private static String typeWord(String simple) {
        return switch (simple) {
            case "String", "Character", "char" -> "text";
            case "Integer", "int", "Long", "long", "Short", "short", "Byte", "byte" -> "a whole number";
            case "Double", "double", "Float", "float", "Number", "BigDecimal" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "List", "ArrayList", "Collection", "Set" -> "a list";
            case "Map", "LinkedHashMap", "HashMap" -> "an object";
            default -> simple;
        };
    }

    /** A Jackson error as "field 'a.b[2]': expected a number, found text" (or the parser's own words). */
    public static String json(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            String where = p.getLocation() == null ? "" : " (line " + p.getLocation().getLineNr() + ")";
            return "not valid JSON" + where + ": " + scrub(firstLine(p.getOriginalMessage()));
        }
        if (!(e instanceof JsonMappingException mapping)) {
            return scrub(firstLine(e.getOriginalMessage()));
        }
        String field = path(mapping);
        String at = field.isEmpty() ? "" : "field '" + field + "': ";
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field '" + field + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return at + "'" + f.getValue() + "' is not " + expected(f.getTargetType());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return at + of(v.getCause());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return at + "expected " + expected(m.getTargetType()) + found(m);
        }
        if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return at + scrub(firstLine(iae.getMessage()));
        }
        return at + scrub(firstLine(e.getOriginalMessage()));
    }

    /** The JSON path of a mapping error: "datasets[2].role". */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String found(MismatchedInputException m) {
        if (!(m.getProcessor() instanceof JsonParser p)) {
            return "";
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            return "";
        }
        return switch (t) {
            case START_ARRAY -> ", found a list";
            case START_OBJECT -> ", found an object";
            case VALUE_STRING -> ", found text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", found a number";
            case VALUE_TRUE, VALUE_FALSE -> ", found true/false";
            case VALUE_NULL -> ", found null";
            default -> "";
        };
    }

    /** What a JSON value of this Java type looks like, in words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "text";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return "a whole number";
        }
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object with fields";
    }

    private static String jsonName(Enum<?> c) {
        try {
            JsonProperty p = c.getDeclaringClass().getField(c.name()).getAnnotation(JsonProperty.class);
            if (p != null && !p.value().isEmpty()) {
                return p.value();
            }
        } catch (NoSuchFieldException e) {
            // fall through to the constant's name
        }
        return c.name();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
