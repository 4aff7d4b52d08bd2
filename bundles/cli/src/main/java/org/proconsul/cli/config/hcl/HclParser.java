package org.proconsul.cli.config.hcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an HCL 1 document into the tree HCL 1's {@code hcl.Decode(&map[string]interface{})} produces.
 *
 * <p>Syntax accepted: comments ({@code #}, {@code //}, {@code /* *&#47;}); items {@code key = value} and
 * blocks {@code key { ... }}, {@code key "label" ... { ... }}, keys being identifiers (letters, digits,
 * {@code _ - .}) or quoted strings; items separated by white space and optionally commas; values are
 * double-quoted strings (escapes such as {@code \n}, {@code \t}, hex, octal and Unicode forms, and {@code ${...}}
 * interpolations kept verbatim), heredocs ({@code <<EOF} and {@code <<-EOF}, the latter removing the
 * terminator line's indentation), integers (decimal, {@code 0x} hex, leading-zero octal, optional
 * {@code -}), floats, {@code true}/{@code false}, lists with optional trailing comma, and objects.
 *
 * <p>Shape of the result, as in HCL 1: the root is a map; a plain value is stored under its key, a later
 * assignment replacing an earlier one; an object that is a block or an assigned {@code { }} is appended to
 * an {@link HclObjectList} under its key, so repeated blocks accumulate ({@code service { } service { }}
 * gives a two-element list); a block with labels nests one single-element list per label; objects written
 * directly inside a list literal are plain maps.
 *
 * <p>A document whose first non-space character is {@code &#123;} is JSON to HCL 1
 * ({@link #looksLikeJson(String)}); this parser does not read that form itself.
 */
public final class HclParser {

    private enum T {
        IDENT, STRING, HEREDOC, NUMBER, FLOAT, BOOL, LBRACE, RBRACE, LBRACK, RBRACK, ASSIGN, COMMA, EOF
    }

    private record Token(T type, String text, Object value, int line, int col) {
    }

    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;
    private Token peeked;

    private HclParser(String src) {
        this.src = src;
    }

    /** Parses an HCL 1 document. */
    public static Map<String, Object> parse(String document) throws HclException {
        HclParser p = new HclParser(document);
        Map<String, Object> root = new LinkedHashMap<>();
        p.objectList(root, false);
        return root;
    }

    /** HCL 1 treats a document as JSON when its first non-space character is an opening brace. */
    public static boolean looksLikeJson(String document) {
        for (int i = 0; i < document.length(); ) {
            int cp = document.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            return cp == '{';
        }
        return false;
    }

    // ------------------------------------------------------------------ parser

    /** Items until EOF (root) or a closing brace (object body, which is consumed). */
    private void objectList(Map<String, Object> into, boolean inBraces) throws HclException {
        while (true) {
            Token t = peek();
            if (t.type == T.EOF) {
                if (inBraces) {
                    throw error(t, "object expected closing RBRACE got: EOF");
                }
                return;
            }
            if (t.type == T.RBRACE) {
                if (!inBraces) {
                    throw error(t, "expected: IDENT | STRING got: RBRACE");
                }
                next();
                return;
            }
            objectItem(into);
            // object items may be separated by commas
            if (peek().type == T.COMMA) {
                next();
            }
        }
    }

    private void objectItem(Map<String, Object> into) throws HclException {
        List<Token> keys = new ArrayList<>();
        while (true) {
            Token t = next();
            switch (t.type) {
                case IDENT, STRING -> keys.add(t);
                case ASSIGN -> {
                    if (keys.isEmpty()) {
                        throw error(t, "expected: IDENT | STRING got: ASSIGN");
                    }
                    if (keys.size() > 1) {
                        throw error(t, "nested object expected: LBRACE got: ASSIGN");
                    }
                    Token start = peek();
                    Object v = value();
                    String key = (String) keys.get(0).value;
                    if (start.type == T.LBRACE) {
                        addObject(into, key, v);
                    } else {
                        into.put(key, v);
                    }
                    return;
                }
                case LBRACE -> {
                    if (keys.isEmpty()) {
                        throw error(t, "expected: IDENT | STRING got: LBRACE");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    objectList(body, true);
                    Object v = body;
                    for (int i = keys.size() - 1; i >= 1; i--) {
                        HclObjectList wrap = new HclObjectList();
                        wrap.add(v);
                        Map<String, Object> outer = new LinkedHashMap<>();
                        outer.put((String) keys.get(i).value, wrap);
                        v = outer;
                    }
                    addObject(into, (String) keys.get(0).value, v);
                    return;
                }
                case EOF -> {
                    if (keys.isEmpty()) {
                        throw error(t, "expected: IDENT | STRING got: EOF");
                    }
                    throw error(keys.get(keys.size() - 1), "key '" + keys.get(keys.size() - 1).text
                        + "' expected start of object ('{') or assignment ('=')");
                }
                default -> {
                    if (keys.isEmpty()) {
                        throw error(t, "expected: IDENT | STRING got: " + t.type);
                    }
                    throw error(t, "expected: IDENT | STRING | ASSIGN | LBRACE got: " + t.type);
                }
            }
        }
    }

    private static void addObject(Map<String, Object> into, String key, Object object) {
        Object existing = into.get(key);
        if (existing instanceof HclObjectList list) {
            list.add(object);
            return;
        }
        HclObjectList list = new HclObjectList();
        list.add(object);
        into.put(key, list);
    }

    /** A value after '=' or inside a list: objects come back as plain maps. */
    private Object value() throws HclException {
        Token t = next();
        switch (t.type) {
            case STRING, HEREDOC, NUMBER, FLOAT, BOOL:
                return t.value;
            case LBRACE: {
                Map<String, Object> body = new LinkedHashMap<>();
                objectList(body, true);
                return body;
            }
            case LBRACK:
                return list();
            case EOF:
                throw error(t, "Unexpected EOF, expected a value");
            default:
                throw error(t, "Unknown token: " + t.type + " " + t.text);
        }
    }

    private List<Object> list() throws HclException {
        List<Object> out = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.type == T.RBRACK) {
                next();
                return out;
            }
            if (t.type == T.EOF) {
                throw error(t, "list expected closing RBRACK got: EOF");
            }
            if (t.type == T.COMMA) {
                throw error(t, "error parsing list, expected a value, got: COMMA");
            }
            out.add(value());
            Token sep = peek();
            if (sep.type == T.COMMA) {
                next();
                continue;
            }
            if (sep.type == T.RBRACK) {
                continue;
            }
            throw error(sep, "error parsing list, expected comma or list end, got: " + sep.type);
        }
    }

    private HclException error(Token t, String message) {
        return new HclException(t.line, t.col, message);
    }

    // ------------------------------------------------------------------ lexer

    private Token peek() throws HclException {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    private Token next() throws HclException {
        Token t = peek();
        peeked = null;
        return t;
    }

    private int cur() {
        return pos < src.length() ? src.charAt(pos) : -1;
    }

    private int at(int offset) {
        int i = pos + offset;
        return i < src.length() ? src.charAt(i) : -1;
    }

    private void advance() {
        if (pos < src.length()) {
            if (src.charAt(pos) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            pos++;
        }
    }

    private Token scan() throws HclException {
        skipSpaceAndComments();
        int l = line;
        int c = col;
        int ch = cur();
        if (ch < 0) {
            return new Token(T.EOF, "", null, l, c);
        }
        switch (ch) {
            case '{':
                advance();
                return new Token(T.LBRACE, "{", null, l, c);
            case '}':
                advance();
                return new Token(T.RBRACE, "}", null, l, c);
            case '[':
                advance();
                return new Token(T.LBRACK, "[", null, l, c);
            case ']':
                advance();
                return new Token(T.RBRACK, "]", null, l, c);
            case '=':
                advance();
                return new Token(T.ASSIGN, "=", null, l, c);
            case ',':
                advance();
                return new Token(T.COMMA, ",", null, l, c);
            case '"':
                return string(l, c);
            case '<':
                if (at(1) == '<') {
                    return heredoc(l, c);
                }
                break;
            default:
                break;
        }
        if (ch == '.' && isDigit(at(1))) {
            return number(l, c);
        }
        if (ch == '-' || isDigit(ch)) {
            if (ch == '-' && !isDigit(at(1))) {
                throw new HclException(l, c, "illegal char '-'");
            }
            return number(l, c);
        }
        if (isIdentStart(ch)) {
            int start = pos;
            while (cur() >= 0 && isIdentPart(cur())) {
                advance();
            }
            String text = src.substring(start, pos);
            if (text.equals("true") || text.equals("false")) {
                return new Token(T.BOOL, text, Boolean.valueOf(text), l, c);
            }
            return new Token(T.IDENT, text, text, l, c);
        }
        throw new HclException(l, c, "illegal char " + describe(ch));
    }

    private static String describe(int ch) {
        return "'" + new String(Character.toChars(ch)) + "'";
    }

    private void skipSpaceAndComments() throws HclException {
        while (true) {
            int ch = cur();
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\uFEFF') {
                advance();
            } else if (ch == '#' || (ch == '/' && at(1) == '/')) {
                while (cur() >= 0 && cur() != '\n') {
                    advance();
                }
            } else if (ch == '/' && at(1) == '*') {
                int l = line;
                int c = col;
                advance();
                advance();
                while (true) {
                    if (cur() < 0) {
                        throw new HclException(l, c, "comment not terminated");
                    }
                    if (cur() == '*' && at(1) == '/') {
                        advance();
                        advance();
                        break;
                    }
                    advance();
                }
            } else if (ch == '/') {
                throw new HclException(line, col, "expected '/' for comment");
            } else {
                return;
            }
        }
    }

    private static boolean isDigit(int ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean isIdentStart(int ch) {
        return ch == '_' || (ch >= 0 && Character.isLetter(ch));
    }

    private static boolean isIdentPart(int ch) {
        return isIdentStart(ch) || isDigit(ch) || ch == '-' || ch == '.';
    }

    private Token number(int l, int c) throws HclException {
        int start = pos;
        if (cur() == '-') {
            advance();
        }
        boolean isFloat = false;
        if (cur() == '0' && (at(1) == 'x' || at(1) == 'X')) {
            advance();
            advance();
            int digits = 0;
            while (cur() >= 0 && Character.digit(cur(), 16) >= 0) {
                advance();
                digits++;
            }
            if (digits == 0) {
                throw new HclException(l, c, "illegal hexadecimal number");
            }
        } else {
            while (isDigit(cur())) {
                advance();
            }
            if (cur() == '.') {
                isFloat = true;
                advance();
                while (isDigit(cur())) {
                    advance();
                }
            }
            if (cur() == 'e' || cur() == 'E') {
                isFloat = true;
                advance();
                if (cur() == '+' || cur() == '-') {
                    advance();
                }
                if (!isDigit(cur())) {
                    throw new HclException(l, c, "illegal floating-point exponent");
                }
                while (isDigit(cur())) {
                    advance();
                }
            }
        }
        String text = src.substring(start, pos);
        if (isFloat) {
            return new Token(T.FLOAT, text, Double.parseDouble(text), l, c);
        }
        try {
            return new Token(T.NUMBER, text, parseInteger(text), l, c);
        } catch (NumberFormatException e) {
            String body = text.startsWith("-") ? text.substring(1) : text;
            if (body.length() > 1 && body.startsWith("0") && !body.startsWith("0x") && !body.startsWith("0X")
                && !body.matches("0[0-7]*")) {
                throw new HclException(l, c, "illegal octal number");
            }
            throw new HclException(l, c, "strconv.ParseInt: parsing " + quote(text) + ": value out of range");
        }
    }

    /** strconv.ParseInt(text, 0, 64): 0x hex, leading-zero octal, else decimal. */
    private static long parseInteger(String text) {
        boolean neg = text.startsWith("-");
        String body = neg ? text.substring(1) : text;
        long v;
        if (body.startsWith("0x") || body.startsWith("0X")) {
            v = Long.parseLong((neg ? "-" : "") + body.substring(2), 16);
            return v;
        }
        if (body.length() > 1 && body.startsWith("0")) {
            return Long.parseLong((neg ? "-" : "") + body.substring(1), 8);
        }
        return Long.parseLong(text);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Token string(int l, int c) throws HclException {
        int start = pos;
        advance(); // opening quote
        StringBuilder out = new StringBuilder();
        int braces = 0; // depth inside ${ ... }
        while (true) {
            int ch = cur();
            if (ch < 0 || (ch == '\n' && braces == 0)) {
                throw new HclException(l, c, "literal not terminated");
            }
            if (braces == 0 && ch == '"') {
                advance();
                return new Token(T.STRING, src.substring(start, pos), out.toString(), l, c);
            }
            if (ch == '$' && at(1) == '{') {
                braces++;
                out.append("${");
                advance();
                advance();
                continue;
            }
            if (braces > 0) {
                if (ch == '{') {
                    braces++;
                } else if (ch == '}') {
                    braces--;
                }
                out.append((char) ch);
                advance();
                continue;
            }
            if (ch == '\\') {
                escape(out, l, c);
                continue;
            }
            out.append((char) ch);
            advance();
        }
    }

    private void escape(StringBuilder out, int l, int c) throws HclException {
        int el = line;
        int ec = col;
        advance(); // backslash
        int ch = cur();
        if (ch < 0) {
            throw new HclException(l, c, "literal not terminated");
        }
        switch (ch) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case '"' -> out.append('"');
            case 'x' -> {
                advance();
                out.append((char) hexDigits(2, el, ec));
                return;
            }
            case 'u' -> {
                advance();
                out.appendCodePoint(hexDigits(4, el, ec));
                return;
            }
            case 'U' -> {
                advance();
                int cp = hexDigits(8, el, ec);
                if (!Character.isValidCodePoint(cp)) {
                    throw new HclException(el, ec, "escape sequence is invalid Unicode code point");
                }
                out.appendCodePoint(cp);
                return;
            }
            default -> {
                if (ch >= '0' && ch <= '7') {
                    int v = 0;
                    for (int i = 0; i < 3; i++) {
                        int d = cur();
                        if (d < '0' || d > '7') {
                            throw new HclException(el, ec, "illegal char escape");
                        }
                        v = v * 8 + (d - '0');
                        advance();
                    }
                    if (v > 255) {
                        throw new HclException(el, ec, "escape sequence is invalid Unicode code point");
                    }
                    out.append((char) v);
                    return;
                }
                throw new HclException(el, ec, "illegal char escape");
            }
        }
        advance();
    }

    private int hexDigits(int n, int el, int ec) throws HclException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = cur() < 0 ? -1 : Character.digit(cur(), 16);
            if (d < 0) {
                throw new HclException(el, ec, "illegal char escape");
            }
            v = v * 16 + d;
            advance();
        }
        return v;
    }

    private Token heredoc(int l, int c) throws HclException {
        advance();
        advance(); // <<
        boolean indented = false;
        if (cur() == '-') {
            indented = true;
            advance();
        }
        int start = pos;
        while (cur() >= 0 && (isIdentPart(cur()))) {
            advance();
        }
        String anchor = src.substring(start, pos);
        if (anchor.isEmpty()) {
            throw new HclException(l, c, "zero-length heredoc anchor");
        }
        if (cur() == '\r' && at(1) == '\n') {
            advance();
        }
        if (cur() != '\n') {
            throw new HclException(l, c, "invalid characters in heredoc anchor");
        }
        advance();
        List<String> lines = new ArrayList<>();
        String terminatorIndent = null;
        while (true) {
            if (cur() < 0) {
                throw new HclException(l, c, "heredoc not terminated");
            }
            int ls = pos;
            while (cur() >= 0 && cur() != '\n') {
                advance();
            }
            String text = src.substring(ls, pos);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            String stripped = text.stripLeading();
            if (stripped.equals(anchor)) {
                terminatorIndent = text.substring(0, text.length() - stripped.length());
                break;
            }
            lines.add(text);
            if (cur() < 0) {
                throw new HclException(l, c, "heredoc not terminated");
            }
            advance(); // newline
        }
        StringBuilder value = new StringBuilder();
        final String indent = terminatorIndent;
        boolean unindent = indented && !indent.isEmpty() && lines.stream().allMatch(s -> s.startsWith(indent));
        for (String s : lines) {
            value.append(unindent ? s.substring(indent.length()) : s).append('\n');
        }
        return new Token(T.HEREDOC, "<<" + anchor, value.toString(), l, c);
    }
}
