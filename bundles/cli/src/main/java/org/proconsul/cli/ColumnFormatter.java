package org.proconsul.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns delimited rows into columns the way Consul's tables look (ryanuber/columnize with a two-space
 * glue): fields are trimmed, every column but a row's last is padded to the widest cell of that column, the
 * last cell of a row is printed as is, and the text carries no trailing newline.
 */
public final class ColumnFormatter {
    /** Field separator Consul's commands use inside rows (ASCII unit separator). */
    public static final char DELIM = '\u001f';

    private static final String GLUE = "  ";

    private final List<String[]> rows = new ArrayList<>();

    /** Adds a row whose fields are separated by {@link #DELIM}. */
    public ColumnFormatter row(String line) {
        String[] cells = split(line);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        rows.add(cells);
        return this;
    }

    /** Adds a row from separate fields. */
    public ColumnFormatter cells(String... cells) {
        String[] copy = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            copy[i] = cells[i] == null ? "" : cells[i].strip();
        }
        rows.add(copy);
        return this;
    }

    /** The aligned table, rows separated by {@code \n}, without a final newline. */
    public String format() {
        int[] widths = new int[8];
        int columns = 0;
        for (String[] r : rows) {
            if (r.length > widths.length) {
                int[] bigger = new int[Math.max(r.length, widths.length * 2)];
                System.arraycopy(widths, 0, bigger, 0, widths.length);
                widths = bigger;
            }
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], width(r[i]));
            }
            columns = Math.max(columns, r.length);
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            if (n > 0) {
                b.append('\n');
            }
            for (int i = 0; i < r.length; i++) {
                b.append(r[i]);
                if (i < r.length - 1) {
                    for (int pad = widths[i] - width(r[i]); pad > 0; pad--) {
                        b.append(' ');
                    }
                    b.append(GLUE);
                }
            }
        }
        return b.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String[] split(String line) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == DELIM) {
                parts.add(line.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(line.substring(start));
        return parts.toArray(new String[0]);
    }
}
