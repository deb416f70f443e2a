package org.rftworkbench.figures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The numbers a figure plots, as a tidy table: a header row, then one row per plotted point. Numbers are written
 * with {@link Double#toString(double)}, the shortest text that parses back to the same double, so the CSV holds
 * exactly what was drawn; pandas and pgfplots read it as is. Immutable once built.
 */
public final class CsvTable {
    private final List<String> header;
    private final List<List<String>> rows;

    private CsvTable(List<String> header, List<List<String>> rows) {
        this.header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            copy.add(List.copyOf(r));
        }
        this.rows = Collections.unmodifiableList(copy);
    }

    public List<String> header() {
        return header;
    }

    public List<List<String>> rows() {
        return rows;
    }

    /** The CSV text (RFC 4180 quoting where a field needs it, '\n' line ends). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header);
        for (List<String> r : rows) {
            appendRow(sb, r);
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append('\n');
    }

    /** A number as written in the table: exact round trip; NaN for a missing value. */
    public static String number(double v) {
        return Double.toString(v);
    }

    public static Builder builder(String... header) {
        return new Builder(List.of(header));
    }

    /** Collects rows; each row must have as many fields as the header. */
    public static final class Builder {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(List<String> header) {
            this.header = header;
        }

        /** Adds a row; Strings are kept, Numbers written with {@link #number(double)}, booleans as true/false. */
        public Builder row(Object... fields) {
            if (fields.length != header.size()) {
                throw new IllegalArgumentException("row has " + fields.length + " fields, header " + header.size());
            }
            List<String> r = new ArrayList<>(fields.length);
            for (Object f : fields) {
                r.add(f instanceof Number n && !(f instanceof Integer) && !(f instanceof Long)
                        ? number(n.doubleValue()) : String.valueOf(f));
            }
            rows.add(r);
            return this;
        }

        public CsvTable build() {
            return new CsvTable(header, rows);
        }
    }
}
