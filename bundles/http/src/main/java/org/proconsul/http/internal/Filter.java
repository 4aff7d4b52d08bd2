package org.proconsul.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Consul's {@code filter} expressions ({@code ?filter=Service.Tags contains "v1" and Node.Meta.rack == "r1"}):
 * selectors over an answer element's fields as the API shows them, compared with {@code ==}, {@code !=},
 * {@code contains}, {@code not contains}, {@code in}, {@code not in}, {@code is empty}, {@code is not empty},
 * {@code matches}, {@code not matches}, joined with {@code and}, {@code or}, {@code not} and parentheses.
 * Elements are matched as the JSON the endpoint writes, so every field a client sees can be selected.
 */
final class Filter {
    /** The filter of a request without {@code ?filter}: every element passes. */
    static final Filter ALL = new Filter(null);
    private static final String PREFIX = "Failed to create boolean expression evaluator: ";

    private final Node root;

    private Filter(Node root) {
        this.root = root;
    }

    /** The request's filter, or {@link #ALL}; a bad expression is a 400 before anything is read. */
    static Filter of(Exchange ex) {
        String text = ex.param("filter");
        return text == null || text.isBlank() ? ALL : parse(text);
    }

    static Filter parse(String text) {
        Parser p = new Parser(tokens(text));
        Node node = p.or();
        if (p.pos < p.tokens.size()) {
            throw HttpError.badRequest(PREFIX + "unexpected \"" + p.tokens.get(p.pos).text + "\" at position "
                    + p.tokens.get(p.pos).at);
        }
        return new Filter(node);
    }

    boolean all() {
        return root == null;
    }

    /**
     * Whether the element passes; a selector that names no field of it is a 400, as Consul refuses a
     * selector its answer type does not have.
     */
    boolean matches(JsonNode element) {
        return root == null || root.eval(element);
    }

    /** Writes one element of an answer unless the filter drops it. */
    interface ElementWriter<T> {
        void write(com.fasterxml.jackson.core.JsonGenerator g, T item) throws java.io.IOException;
    }

    /** Whether {@code item}, as {@code writer} writes it, passes; for answers keyed by id (agent services, checks). */
    <T> boolean keeps(T item, ElementWriter<T> writer) throws java.io.IOException {
        if (root == null) {
            return true;
        }
        com.fasterxml.jackson.databind.util.TokenBuffer buffer = new com.fasterxml.jackson.databind.util.TokenBuffer(
                Json.MAPPER, false);
        writer.write(buffer, item);
        return matches(Json.MAPPER.readTree(buffer.asParser()));
    }

    /** Writes {@code item} with {@code writer}, straight through without a filter, else via its JSON tree. */
    <T> void write(com.fasterxml.jackson.core.JsonGenerator g, T item, ElementWriter<T> writer)
            throws java.io.IOException {
        if (root == null) {
            writer.write(g, item);
            return;
        }
        com.fasterxml.jackson.databind.util.TokenBuffer buffer = new com.fasterxml.jackson.databind.util.TokenBuffer(
                Json.MAPPER, false);
        writer.write(buffer, item);
        JsonNode tree = Json.MAPPER.readTree(buffer.asParser());
        if (matches(tree)) {
            Json.MAPPER.writeTree(g, tree);
        }
    }

    // ---- expression tree ------------------------------------------------------------------------------

    private interface Node {
        boolean eval(JsonNode element);
    }

    private record And(Node left, Node right) implements Node {
        @Override
        public boolean eval(JsonNode e) {
            return left.eval(e) && right.eval(e);
        }
    }

    private record Or(Node left, Node right) implements Node {
        @Override
        public boolean eval(JsonNode e) {
            return left.eval(e) || right.eval(e);
        }
    }

    private record Not(Node inner) implements Node {
        @Override
        public boolean eval(JsonNode e) {
            return !inner.eval(e);
        }
    }

    private enum Op { EQUAL, NOT_EQUAL, CONTAINS, NOT_CONTAINS, EMPTY, NOT_EMPTY, MATCHES, NOT_MATCHES }

    private record Match(List<String> selector, Op op, String value, Pattern pattern) implements Node {
        @Override
        public boolean eval(JsonNode element) {
            JsonNode target = resolve(element, selector);
            return switch (op) {
                case EQUAL -> equal(target, value);
                case NOT_EQUAL -> !equal(target, value);
                case CONTAINS -> contains(target, value);
                case NOT_CONTAINS -> !contains(target, value);
                case EMPTY -> empty(target);
                case NOT_EMPTY -> !empty(target);
                case MATCHES -> target.isValueNode() && pattern.matcher(target.asText()).find();
                case NOT_MATCHES -> !(target.isValueNode() && pattern.matcher(target.asText()).find());
            };
        }
    }

    private static JsonNode resolve(JsonNode element, List<String> selector) {
        JsonNode at = element;
        for (int i = 0; i < selector.size(); i++) {
            String part = selector.get(i);
            JsonNode next = at.isObject() ? field(at, part) : null;
            if (next == null) {
                // maps (Meta, TaggedAddresses) may lack a key: that is an absent value, not a bad selector
                if (i > 0 && at.isObject()) {
                    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                }
                throw HttpError.badRequest(PREFIX + "Selector \"" + String.join(".", selector) + "\" is not valid");
            }
            at = next;
        }
        return at;
    }

    private static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (var it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    private static boolean equal(JsonNode target, String value) {
        if (target.isMissingNode() || target.isNull()) {
            return false;
        }
        if (target.isNumber()) {
            try {
                return new java.math.BigDecimal(value).compareTo(target.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (target.isBoolean()) {
            return Boolean.toString(target.asBoolean()).equalsIgnoreCase(value);
        }
        return target.isTextual() && target.asText().equals(value);
    }

    private static boolean contains(JsonNode target, String value) {
        if (target.isArray()) {
            for (JsonNode item : target) {
                if (equal(item, value)) {
                    return true;
                }
            }
            return false;
        }
        if (target.isObject()) {
            return target.has(value);
        }
        return target.isTextual() && target.asText().contains(value);
    }

    private static boolean empty(JsonNode target) {
        return target.isMissingNode() || target.isNull() || (target.isContainerNode() && target.isEmpty())
                || (target.isTextual() && target.asText().isEmpty());
    }

    // ---- parsing --------------------------------------------------------------------------------------

    private enum Kind { WORD, STRING, NUMBER, LPAREN, RPAREN, EQ, NE, DOT, LBRACKET, RBRACKET }

    private record Token(Kind kind, String text, int at) {
        boolean word(String w) {
            return kind == Kind.WORD && text.equals(w);
        }
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '.' || c == '[' || c == ']') {
                Kind k = c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : c == '.' ? Kind.DOT
                        : c == '[' ? Kind.LBRACKET : Kind.RBRACKET;
                out.add(new Token(k, String.valueOf(c), i++));
            } else if (s.startsWith("==", i) || s.startsWith("!=", i)) {
                out.add(new Token(c == '=' ? Kind.EQ : Kind.NE, s.substring(i, i + 2), i));
                i += 2;
            } else if (c == '"' || c == '`') {
                int start = i++;
                StringBuilder b = new StringBuilder();
                while (i < s.length() && s.charAt(i) != c) {
                    if (c == '"' && s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    b.append(s.charAt(i++));
                }
                if (i >= s.length()) {
                    throw HttpError.badRequest(PREFIX + "unterminated string at position " + start);
                }
                i++;
                out.add(new Token(Kind.STRING, b.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '-')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), start));
            } else {
                throw HttpError.badRequest(PREFIX + "unexpected character '" + c + "' at position " + i);
            }
        }
        if (out.isEmpty()) {
            throw HttpError.badRequest(PREFIX + "empty expression");
        }
        return out;
    }

    private static final class Parser {
        final List<Token> tokens;
        int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        Token peek(int ahead) {
            return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : null;
        }

        boolean word(String w) {
            Token t = peek(0);
            return t != null && t.word(w);
        }

        Token next(String expected) {
            Token t = peek(0);
            if (t == null) {
                throw HttpError.badRequest(PREFIX + "expression ended where " + expected + " was expected");
            }
            pos++;
            return t;
        }

        Node or() {
            Node left = and();
            while (word("or")) {
                pos++;
                left = new Or(left, and());
            }
            return left;
        }

        Node and() {
            Node left = not();
            while (word("and")) {
                pos++;
                left = new And(left, not());
            }
            return left;
        }

        Node not() {
            if (word("not")) {
                pos++;
                return new Not(not());
            }
            return primary();
        }

        Node primary() {
            Token t = peek(0);
            if (t != null && t.kind() == Kind.LPAREN) {
                pos++;
                Node inner = or();
                Token close = next("\")\"");
                if (close.kind() != Kind.RPAREN) {
                    throw HttpError.badRequest(PREFIX + "expected \")\" at position " + close.at());
                }
                return inner;
            }
            // "value in Selector" / "value not in Selector"
            if (t != null && (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER
                    || (t.kind() == Kind.WORD && (isWord(peek(1), "in") || (isWord(peek(1), "not")
                    && isWord(peek(2), "in")))))) {
                pos++;
                boolean negated = word("not");
                if (negated) {
                    pos++;
                }
                Token in = next("\"in\"");
                if (!in.word("in")) {
                    throw HttpError.badRequest(PREFIX + "expected \"in\" at position " + in.at());
                }
                return new Match(selector(), negated ? Op.NOT_CONTAINS : Op.CONTAINS, t.text(), null);
            }
            List<String> selector = selector();
            Token op = next("an operator");
            if (op.kind() == Kind.EQ || op.kind() == Kind.NE) {
                return new Match(selector, op.kind() == Kind.EQ ? Op.EQUAL : Op.NOT_EQUAL, value(), null);
            }
            if (op.word("is")) {
                boolean negated = word("not");
                if (negated) {
                    pos++;
                }
                Token empty = next("\"empty\"");
                if (!empty.word("empty")) {
                    throw HttpError.badRequest(PREFIX + "expected \"empty\" at position " + empty.at());
                }
                return new Match(selector, negated ? Op.NOT_EMPTY : Op.EMPTY, null, null);
            }
            boolean negated = op.word("not");
            if (negated) {
                op = next("\"contains\" or \"matches\"");
            }
            if (op.word("contains")) {
                return new Match(selector, negated ? Op.NOT_CONTAINS : Op.CONTAINS, value(), null);
            }
            if (op.word("matches")) {
                String regex = value();
                try {
                    return new Match(selector, negated ? Op.NOT_MATCHES : Op.MATCHES, regex, Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    throw HttpError.badRequest(PREFIX + "invalid regular expression \"" + regex + "\"");
                }
            }
            throw HttpError.badRequest(PREFIX + "unexpected \"" + op.text() + "\" at position " + op.at());
        }

        private static boolean isWord(Token t, String w) {
            return t != null && t.word(w);
        }

        List<String> selector() {
            Token first = next("a selector");
            if (first.kind() != Kind.WORD) {
                throw HttpError.badRequest(PREFIX + "expected a selector at position " + first.at());
            }
            List<String> parts = new ArrayList<>(List.of(first.text()));
            while (peek(0) != null && (peek(0).kind() == Kind.DOT || peek(0).kind() == Kind.LBRACKET)) {
                Token sep = next("a field");
                Token part = next("a field");
                if (sep.kind() == Kind.DOT && part.kind() == Kind.WORD) {
                    parts.add(part.text());
                } else if (sep.kind() == Kind.LBRACKET && part.kind() == Kind.STRING
                        && peek(0) != null && peek(0).kind() == Kind.RBRACKET) {
                    pos++;
                    parts.add(part.text());
                } else {
                    throw HttpError.badRequest(PREFIX + "bad selector at position " + part.at());
                }
            }
            return parts;
        }

        String value() {
            Token t = next("a value");
            if (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.kind() == Kind.WORD) {
                return t.text();
            }
            throw HttpError.badRequest(PREFIX + "expected a value at position " + t.at());
        }
    }
}
