package org.proconsul.cli.config.hcl;

/**
 * A syntax error in an HCL document. The message reads like HCL 1's own errors, {@code At 3:7: ...},
 * which Consul puts after {@code failed to parse <file>: }; {@link #line()} and {@link #column()} are
 * 1-based (the column counts characters).
 */
public final class HclException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String detail;

    HclException(int line, int column, String detail) {
        super("At " + line + ":" + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without its position. */
    public String detail() {
        return detail;
    }
}
