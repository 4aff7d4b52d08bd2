package org.proconsul.cli.command;

import java.util.Base64;
import java.util.List;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.KvApi;
import org.proconsul.cli.http.KvPair;

/**
 * {@code consul kv export [KEY_OR_PREFIX]}: prints the entries under a prefix as the JSON document
 * {@code kv import} reads, byte for byte what Consul prints (tab indentation, Go's HTML-safe escaping).
 */
public final class KvExportCommand extends HttpClientCommand {

    public KvExportCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
    }

    @Override
    public String synopsis() {
        return "Prints a subtree of the key-value store as JSON";
    }

    @Override
    protected String usageText() {
        return "Usage: consul kv export [KEY_OR_PREFIX]\n"
                + "\n"
                + "  Writes every entry under the prefix (the whole store without one) to\n"
                + "  standard output as a JSON array of {key, flags, value} objects, values\n"
                + "  base64-encoded. Feed the result to \"consul kv import\" to copy the tree.\n"
                + "\n"
                + "      $ consul kv export app/ > app.json";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        String prefix = optionalKeyArgument();
        if (prefix == null) {
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        List<KvPair> pairs;
        try (client) {
            pairs = new KvApi(client).list(prefix, HttpFlags.stale(flags));
        } catch (ConsulApiException e) {
            queryFailed(e);
            return 1;
        }
        io.info(render(pairs));
        return 0;
    }

    /** Go's {@code json.MarshalIndent(entries, "", "\t")} of the export entries. */
    static String render(List<KvPair> pairs) {
        if (pairs.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < pairs.size(); i++) {
            KvPair p = pairs.get(i);
            b.append("\t{\n");
            b.append("\t\t\"key\": ").append(GoJson.quote(p.key())).append(",\n");
            b.append("\t\t\"flags\": ").append(Long.toUnsignedString(p.flags())).append(",\n");
            b.append("\t\t\"value\": ").append(GoJson.quote(Base64.getEncoder().encodeToString(p.value())));
            if (!p.namespace().isEmpty()) {
                b.append(",\n\t\t\"namespace\": ").append(GoJson.quote(p.namespace()));
            }
            if (!p.partition().isEmpty()) {
                b.append(",\n\t\t\"partition\": ").append(GoJson.quote(p.partition()));
            }
            b.append("\n\t}");
            b.append(i < pairs.size() - 1 ? ",\n" : "\n");
        }
        return b.append(']').toString();
    }
}
