package org.proconsul.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoBase64;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.KvApi;

/**
 * {@code consul kv import [DATA]}: writes every entry of a {@code kv export} document, printing
 * {@code Imported: KEY} per entry. The document is checked completely before the first write.
 */
public final class KvImportCommand extends HttpClientCommand {

    public KvImportCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
        flags.string(GoFlagSet.Group.COMMAND, "prefix", "", "string",
                "Path prepended to every imported key (joined with \"/\").");
    }

    @Override
    public String synopsis() {
        return "Writes a JSON export into the key-value store";
    }

    @Override
    protected String usageText() {
        return "Usage: consul kv import [DATA]\n"
                + "\n"
                + "  Stores the entries of a document produced by \"consul kv export\". DATA is\n"
                + "  the JSON itself, @FILE to read it from a file, or - to read standard input.\n"
                + "\n"
                + "      $ consul kv import @app.json\n"
                + "      $ consul kv export app/ | consul kv import -prefix=backup -";
    }

    /** One decoded export entry. */
    private static final class Entry {
        String key = "";
        long flags;
        String value = "";
        String namespace = "";
    }

    /** Thrown for a document that does not decode into entries; the message is Go's. */
    private static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        DecodeException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<String> rest = flags.args();
        if (rest.isEmpty()) {
            io.error("Error! Missing DATA argument");
            return 1;
        }
        if (rest.size() > 1) {
            io.error("Error! Too many arguments (expected 1, got " + rest.size() + ")");
            return 1;
        }
        if (rest.get(0).isEmpty()) {
            io.error("Error! Empty DATA argument");
            return 1;
        }
        byte[] data;
        try {
            data = DataSource.load(rest.get(0), io);
        } catch (DataSource.DataException e) {
            io.error("Error! " + e.getMessage());
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        List<Entry> entries;
        try {
            entries = decode(data);
        } catch (DecodeException e) {
            client.close();
            io.error("Cannot unmarshal data: " + e.getMessage());
            return 1;
        }
        String prefix = flags.getString("prefix");
        try (client) {
            KvApi kv = new KvApi(client);
            for (Entry entry : entries) {
                byte[] value;
                try {
                    value = GoBase64.decode(entry.value);
                } catch (GoBase64.CorruptInputException e) {
                    io.error("Error base 64 decoding value for key " + entry.key + ": " + e.getMessage());
                    return 1;
                }
                String key = joinPath(prefix, entry.key);
                if (entry.key.endsWith("/")) {
                    key = key + "/";
                }
                try {
                    kv.put(key, value, entry.flags, null, entry.namespace);
                } catch (ConsulApiException e) {
                    io.error("Error! Failed writing data for key " + key + ": " + e.getMessage());
                    return 1;
                }
                io.info("Imported: " + key);
            }
        }
        return 0;
    }

    private static List<Entry> decode(byte[] data) throws DecodeException {
        Object doc;
        try {
            doc = GoJson.parseUsingNumber(data);
        } catch (GoJson.JsonException e) {
            throw new DecodeException(e.getMessage());
        }
        List<Entry> out = new ArrayList<>();
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof List)) {
            throw new DecodeException("json: cannot unmarshal " + GoJson.kindOf(doc)
                    + " into Go value of type []*impexp.Entry");
        }
        String firstProblem = null;
        for (Object item : (List<?>) doc) {
            if (item == null) {
                continue;
            }
            if (!(item instanceof Map)) {
                firstProblem = firstProblem != null ? firstProblem
                        : "json: cannot unmarshal " + GoJson.kindOf(item) + " into Go value of type impexp.Entry";
                continue;
            }
            Entry e = new Entry();
            for (Map.Entry<?, ?> field : ((Map<?, ?>) item).entrySet()) {
                String name = String.valueOf(field.getKey()).toLowerCase(java.util.Locale.ROOT);
                Object v = field.getValue();
                String problem = null;
                switch (name) {
                    case "key":
                    case "value":
                    case "namespace":
                        if (v == null) {
                            break;
                        }
                        if (!(v instanceof String)) {
                            problem = "json: cannot unmarshal " + GoJson.kindOf(v) + " into Go struct field Entry."
                                    + name + " of type string";
                        } else if (name.equals("key")) {
                            e.key = (String) v;
                        } else if (name.equals("value")) {
                            e.value = (String) v;
                        } else {
                            e.namespace = (String) v;
                        }
                        break;
                    case "flags":
                        if (v == null) {
                            break;
                        }
                        Long n = GoJson.unsigned(v);
                        if (n == null) {
                            problem = "json: cannot unmarshal " + GoJson.kindOf(v)
                                    + (v instanceof GoJson.Number ? " " + v : "")
                                    + " into Go struct field Entry.flags of type uint64";
                        } else {
                            e.flags = n;
                        }
                        break;
                    default:
                        break;
                }
                if (problem != null && firstProblem == null) {
                    firstProblem = problem;
                }
            }
            out.add(e);
        }
        if (firstProblem != null) {
            throw new DecodeException(firstProblem);
        }
        return out;
    }

    /** Go's {@code path.Join(prefix, key)}: joins the non-empty parts with "/" and cleans the result. */
    static String joinPath(String prefix, String key) {
        if (prefix.isEmpty() && key.isEmpty()) {
            return "";
        }
        return cleanPath(prefix.isEmpty() ? key : prefix + "/" + key);
    }

    /** Go's {@code path.Clean}: removes empty and "." elements, resolves "..", drops trailing slashes. */
    static String cleanPath(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        boolean rooted = p.charAt(0) == '/';
        List<String> parts = new ArrayList<>();
        for (String element : p.split("/", -1)) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add("..");
                }
                continue;
            }
            parts.add(element);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
