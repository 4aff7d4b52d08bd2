package org.proconsul.cli.command;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.KvApi;

/** {@code consul kv delete [options] KEY_OR_PREFIX}. */
public final class KvDeleteCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public KvDeleteCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
        flags.bool(CMD, "cas", false,
                "Check-and-set: delete only if the key's ModifyIndex still equals -modify-index.");
        flags.uint(CMD, "modify-index", 0, "ModifyIndex the key must have for -cas to delete it.");
        flags.bool(CMD, "recurse", false, "Delete every key that starts with the given prefix.");
    }

    @Override
    public String synopsis() {
        return "Removes entries from the key-value store";
    }

    @Override
    protected String usageText() {
        return "Usage: consul kv delete [options] KEY_OR_PREFIX\n"
                + "\n"
                + "  Removes the entry at KEY; a key that does not exist is not an error. With\n"
                + "  -recurse every key beginning with the prefix goes (\"app\" also matches\n"
                + "  \"apple\" and \"app/x\").\n"
                + "\n"
                + "      $ consul kv delete app/db/max-conns\n"
                + "      $ consul kv delete -recurse app/";
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
        boolean cas = flags.getBool("cas");
        long modifyIndex = flags.getUint("modify-index");
        if (key.isEmpty() && !recurse) {
            io.error("Error! Missing KEY argument");
            return 1;
        }
        if (cas && modifyIndex == 0) {
            io.error("Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.");
            return 1;
        }
        if (modifyIndex != 0 && !cas) {
            io.error("Cannot specify -modify-index without -cas!");
            return 1;
        }
        if (recurse && cas) {
            io.error("Cannot specify both -cas and -recurse!");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        try (client) {
            KvApi kv = new KvApi(client);
            if (recurse) {
                try {
                    kv.delete(key, true, null);
                } catch (ConsulApiException e) {
                    io.error("Error! Did not delete prefix " + key + ": " + e.getMessage());
                    return 1;
                }
                io.info("Success! Deleted keys with prefix: " + key);
                return 0;
            }
            if (cas) {
                boolean ok;
                try {
                    ok = kv.delete(key, false, modifyIndex);
                } catch (ConsulApiException e) {
                    io.error("Error! Did not delete key " + key + ": " + e.getMessage());
                    return 1;
                }
                if (!ok) {
                    io.error("Error! Did not delete key " + key + ": CAS failed");
                    return 1;
                }
                io.info("Success! Deleted key: " + key);
                return 0;
            }
            try {
                kv.delete(key, false, null);
            } catch (ConsulApiException e) {
                io.error("Error deleting key " + key + ": " + e.getMessage());
                return 1;
            }
            io.info("Success! Deleted key: " + key);
            return 0;
        }
    }
}
