package org.proconsul.cli.command;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.KvApi;
import org.proconsul.cli.http.KvPair;

/** {@code consul kv get [options] [KEY_OR_PREFIX]}. */
public final class KvGetCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public KvGetCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
        flags.bool(CMD, "base64", false, "Print values base64-encoded.");
        flags.bool(CMD, "detailed", false,
                "Print every field of the entry (indexes, flags, session) as well as the value.");
        flags.bool(CMD, "keys", false,
                "List the key names under the prefix instead of values; see -separator.");
        flags.bool(CMD, "recurse", false, "Print every entry under the prefix as key:value lines.");
        flags.string(CMD, "separator", "/", "string",
                "With -keys, cut each name just after the first occurrence of this string past the prefix "
                        + "and drop duplicates. Default \"/\"; empty lists every key.");
    }

    @Override
    public String synopsis() {
        return "Reads a value or lists entries of the key-value store";
    }

    @Override
    protected String usageText() {
        return "Usage: consul kv get [options] [KEY_OR_PREFIX]\n"
                + "\n"
                + "  Prints the value stored at KEY. A missing key is an error; a key holding\n"
                + "  no data prints an empty line. Without a key the root of the store is meant\n"
                + "  (useful with -recurse and -keys).\n"
                + "\n"
                + "      $ consul kv get app/db/max-conns\n"
                + "      $ consul kv get -detailed app/db/max-conns\n"
                + "      $ consul kv get -recurse app/\n"
                + "      $ consul kv get -keys app/";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        String key = optionalKeyArgument();
        if (key == null) {
            return 1;
        }
        boolean recurse = flags.getBool("recurse");
        boolean keys = flags.getBool("keys");
        boolean detailed = flags.getBool("detailed");
        boolean base64 = flags.getBool("base64");
        if (key.isEmpty() && !(recurse || keys)) {
            io.error("Error! Missing KEY argument");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        try (client) {
            KvApi kv = new KvApi(client);
            boolean stale = HttpFlags.stale(flags);
            if (keys && recurse) {
                List<KvPair> pairs = kv.list(key, stale);
                for (int i = 0; i < pairs.size(); i++) {
                    if (detailed) {
                        printBytes(KvPrinter.detailed(pairs.get(i), false, true));
                        if (i < pairs.size() - 1) {
                            io.info("");
                        }
                    } else {
                        io.info(pairs.get(i).key());
                    }
                }
                return 0;
            }
            if (keys) {
                for (String k : kv.keys(key, flags.getString("separator"), stale)) {
                    io.info(k);
                }
                return 0;
            }
            if (recurse) {
                List<KvPair> pairs = kv.list(key, stale);
                for (int i = 0; i < pairs.size(); i++) {
                    KvPair p = pairs.get(i);
                    if (detailed) {
                        printBytes(KvPrinter.detailed(p, base64, false));
                        if (i < pairs.size() - 1) {
                            io.info("");
                        }
                    } else {
                        byte[] k = p.key().getBytes(StandardCharsets.UTF_8);
                        io.out().write(k, 0, k.length);
                        io.out().write(':');
                        printBytes(base64 ? encode(p.value()) : p.value());
                    }
                }
                return 0;
            }
            KvPair pair = kv.get(key, stale);
            if (pair == null) {
                io.error("Error! No key exists at: " + key);
                return 1;
            }
            if (detailed) {
                printBytes(KvPrinter.detailed(pair, base64, false));
            } else {
                printBytes(base64 ? encode(pair.value()) : pair.value());
            }
            return 0;
        } catch (ConsulApiException e) {
            queryFailed(e);
            return 1;
        }
    }

    private static byte[] encode(byte[] value) {
        return Base64.getEncoder().encodeToString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** Raw bytes plus newline: values are printed exactly as stored, not re-encoded. */
    private void printBytes(byte[] b) {
        io.out().write(b, 0, b.length);
        io.out().write('\n');
    }
}
