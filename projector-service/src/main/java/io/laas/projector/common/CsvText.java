package io.laas.projector.common;

import java.util.List;

/**
 * CSV text as RFC 4180 writes it: a header row, lines ended by CRLF, a field quoted when it holds a comma, a
 * quote, CR or LF (its quotes doubled), {@code null} written as an empty field. The one writer of every CSV the
 * service answers (reports, statements), so they all follow the same rules.
 */
public final class CsvText {

    public static final String MEDIA_TYPE = "text/csv";

    private final StringBuilder out = new StringBuilder(4096);

    public CsvText(List<String> header) {
        row(header.toArray(String[]::new));
    }

    public void row(String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            field(fields[i]);
        }
        out.append("\r\n");
    }

    private void field(String value) {
        if (value == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
