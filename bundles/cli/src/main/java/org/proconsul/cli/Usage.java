package org.proconsul.cli;

import java.util.List;

/**
 * Builds a command's help text in Consul's layout: the usage paragraph, then the flags under
 * {@code HTTP API Options} and {@code Command Options}, each as {@code -name=<placeholder>} with its
 * description wrapped to 72 columns and indented by five spaces.
 */
public final class Usage {
    private static final int MAX_LINE = 72;
    private static final int INDENT = 5;

    private Usage() {
    }

    public static String of(String text, GoFlagSet flags) {
        StringBuilder b = new StringBuilder(text.strip()).append("\n\n");
        if (flags != null) {
            List<GoFlagSet.Flag> all = flags.all();
            section(b, all, GoFlagSet.Group.HTTP, "HTTP API Options");
            section(b, all, GoFlagSet.Group.COMMAND, "Command Options");
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == '\n') {
            end--;
        }
        return b.substring(0, end);
    }

    private static void section(StringBuilder b, List<GoFlagSet.Flag> all, GoFlagSet.Group group, String title) {
        boolean titled = false;
        for (GoFlagSet.Flag f : all) {
            if (f.group() != group) {
                continue;
            }
            if (!titled) {
                b.append(title).append("\n\n");
                titled = true;
            }
            b.append("  -").append(f.name());
            if (f.placeholder() != null) {
                b.append("=<").append(f.placeholder()).append('>');
            }
            b.append('\n');
            wrap(b, f.usage(), MAX_LINE - INDENT, INDENT);
            b.append("\n\n");
        }
    }

    /** Greedy word wrap of {@code text} to {@code width} columns, each line prefixed by {@code indent} spaces. */
    static void wrap(StringBuilder b, String text, int width, int indent) {
        String[] words = text.strip().split("\\s+");
        int lineLength = 0;
        boolean first = true;
        for (String w : words) {
            if (first) {
                b.append(" ".repeat(indent)).append(w);
                lineLength = w.length();
                first = false;
            } else if (lineLength + 1 + w.length() > width) {
                b.append('\n').append(" ".repeat(indent)).append(w);
                lineLength = w.length();
            } else {
                b.append(' ').append(w);
                lineLength += 1 + w.length();
            }
        }
    }
}
