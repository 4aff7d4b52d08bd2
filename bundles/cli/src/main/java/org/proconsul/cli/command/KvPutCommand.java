package org.proconsul.cli.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoBase64;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.KvApi;

/** {@code consul kv put [options] KEY [DATA]}. */
public final class KvPutCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public KvPutCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
        flags.bool(CMD, "acquire", false,
                "Take the lock on the key for -session, creating the key if needed. The session must exist.");
        flags.bool(CMD, "base64", false, "DATA is base64-encoded; store the decoded bytes.");
        flags.bool(CMD, "cas", false,
                "Check-and-set: write only if the key's ModifyIndex still equals -modify-index.");
        flags.uint(CMD, "flags", 0,
                "Opaque unsigned 64-bit number stored with the entry for the application's own use.");
        flags.uint(CMD, "modify-index", 0, "ModifyIndex the key must have for -cas to write.");
        flags.bool(CMD, "release", false,
                "Give up the lock -session holds on the key; the data is stored as the new value.");
        flags.string(CMD, "session", "", "string", "Session ID used by -acquire and -release.");
    }

    @Override
    public String synopsis() {
        return "Writes a value to the key-value store";
    }

    @Override
    protected String usageText() {
        return "Usage: consul kv put [options] KEY [DATA]\n"
                + "\n"
                + "  Stores DATA at KEY. DATA may be given inline, as @FILE to read a file, or\n"
                + "  as - to read standard input; without DATA the key gets an empty value.\n"
                + "\n"
                + "      $ consul kv put app/db/max-conns 20\n"
                + "      $ consul kv put app/tls/cert @cert.pem\n"
                + "      $ echo hello | consul kv put app/greeting -\n"
                + "      $ consul kv put -cas -modify-index=91 app/db/max-conns 25";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<String> rest = flags.args();
        if (rest.isEmpty()) {
            io.error("Error! Missing KEY argument");
            return 1;
        }
        if (rest.size() > 2) {
            io.error("Error! Too many arguments (expected 1 or 2, got " + rest.size() + ")");
            return 1;
        }
        String key = rest.get(0);
        byte[] data;
        try {
            data = rest.size() == 2 ? DataSource.load(rest.get(1), io) : new byte[0];
        } catch (DataSource.DataException e) {
            io.error("Error! " + e.getMessage());
            return 1;
        }
        if (flags.getBool("base64")) {
            try {
                data = GoBase64.decode(data);
            } catch (GoBase64.CorruptInputException e) {
                io.error("Error! Cannot base 64 decode data: " + e.getMessage());
                return 1;
            }
        }
        boolean cas = flags.getBool("cas");
        boolean acquire = flags.getBool("acquire");
        boolean release = flags.getBool("release");
        String session = flags.getString("session");
        long modifyIndex = flags.getUint("modify-index");
        if ((release || acquire) && session.isEmpty()) {
            io.error("Error! Missing -session (required with -acquire and -release)");
            return 1;
        }
        if (cas && modifyIndex == 0) {
            io.error("Must specify -modify-index with -cas!");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        long kvFlags = flags.getUint("flags");
        try (client) {
            KvApi kv = new KvApi(client);
            Map<String, String> params = new HashMap<>();
            if (cas) {
                params.put("cas", Long.toUnsignedString(modifyIndex));
                boolean ok;
                try {
                    ok = kv.put(key, data, kvFlags, params, null);
                } catch (ConsulApiException e) {
                    io.error("Error! Did not write to " + key + ": " + e.getMessage());
                    return 1;
                }
                if (!ok) {
                    io.error("Error! Did not write to " + key + ": CAS failed");
                    return 1;
                }
                io.info("Success! Data written to: " + key);
                return 0;
            }
            if (acquire || release) {
                params.put(acquire ? "acquire" : "release", session);
                boolean ok;
                try {
                    ok = kv.put(key, data, kvFlags, params, null);
                } catch (ConsulApiException e) {
                    io.error("Error! Failed writing data: " + e.getMessage());
                    return 1;
                }
                if (!ok) {
                    io.error(acquire ? "Error! Did not acquire lock" : "Error! Did not release lock");
                    return 1;
                }
                io.info((acquire ? "Success! Lock acquired on: " : "Success! Lock released on: ") + key);
                return 0;
            }
            try {
                kv.put(key, data, kvFlags, params, null);
            } catch (ConsulApiException e) {
                io.error("Error! Failed writing data: " + e.getMessage());
                return 1;
            }
            io.info("Success! Data written to: " + key);
            return 0;
        }
    }
}
