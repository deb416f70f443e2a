package org.rftworkbench.figures;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a document information dictionary (Title, Subject, Keywords, Creator, ...) to a finished PDF by an incremental
 * update (PDF 1.4, section 3.4.5): a new Info object, a one-entry cross-reference section and a trailer pointing
 * back to the original one are appended, so the original bytes stay untouched. JFreePDF itself only sets Title and
 * Author.
 */
final class PdfInfo {
    private static final Pattern STARTXREF = Pattern.compile("startxref\\s+(\\d+)\\s+%%EOF\\s*$");
    private static final Pattern SIZE = Pattern.compile("/Size\\s+(\\d+)");
    private static final Pattern ROOT = Pattern.compile("/Root\\s+(\\d+\\s+\\d+\\s+R)");

    private PdfInfo() {
    }

    /** The PDF with {@code entries} (key without the slash -> text) as its document information. */
    static byte[] withInfo(byte[] pdf, Map<String, String> entries) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        Matcher start = STARTXREF.matcher(text);
        if (!start.find()) {
            throw new IllegalStateException("PDF has no startxref trailer");
        }
        String trailer = text.substring(text.lastIndexOf("trailer"));
        Matcher size = SIZE.matcher(trailer);
        Matcher root = ROOT.matcher(trailer);
        if (!size.find() || !root.find()) {
            throw new IllegalStateException("PDF trailer lacks /Size or /Root");
        }
        int infoNumber = Integer.parseInt(size.group(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 4096);
        out.writeBytes(pdf);
        if (pdf[pdf.length - 1] != '\n') {
            out.write('\n');
        }
        int infoOffset = out.size();
        StringBuilder obj = new StringBuilder();
        obj.append(infoNumber).append(" 0 obj\n<<");
        for (Map.Entry<String, String> e : entries.entrySet()) {
            obj.append(" /").append(e.getKey()).append(' ').append(pdfString(e.getValue())).append('\n');
        }
        obj.append(">>\nendobj\n");
        out.writeBytes(obj.toString().getBytes(StandardCharsets.ISO_8859_1));
        int xrefOffset = out.size();
        String xref = String.format(Locale.ROOT,
                "xref\n%d 1\n%010d 00000 n\r\ntrailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %s >>\n"
                        + "startxref\n%d\n%%%%EOF\n",
                infoNumber, infoOffset, infoNumber + 1, root.group(1), infoNumber, start.group(1), xrefOffset);
        out.writeBytes(xref.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * A PDF text string: a literal string when the text is printable ASCII (readable in the file, searchable by
     * grep), else UTF-16BE with a byte-order mark as a hex string, which every reader decodes.
     */
    static String pdfString(String s) {
        boolean ascii = s.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        if (ascii) {
            return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")";
        }
        StringBuilder hex = new StringBuilder("<FEFF");
        for (byte b : s.getBytes(StandardCharsets.UTF_16BE)) {
            hex.append(String.format(Locale.ROOT, "%02X", b & 0xFF));
        }
        return hex.append('>').toString();
    }
}
