package org.proconsul.shell.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.kv.KvPut;
import org.proconsul.api.kv.KvService;
import org.proconsul.api.kv.KvWriteResult;
import org.proconsul.api.raft.RaftError;

/** {@code consul:kv-put KEY [VALUE]}: writes through Raft, like {@code consul kv put}. */
@Service
@Command(scope = "consul", name = "kv-put", description = "Stores a value under a key")
public class KvPutAction implements Action {

    @Reference
    KvService kv;

    @Argument(index = 0, name = "key", description = "The key to write", required = true)
    String key;

    @Argument(index = 1, name = "value", description = "The value (empty when omitted)", required = false)
    String value = "";

    @Option(name = "-flags", description = "Unsigned integer flags stored with the key")
    long flags;

    @Override
    public Object execute() throws Exception {
        KvWriteResult result = kv.put(KvPut.plain(key, value.getBytes(StandardCharsets.UTF_8), flags))
                .get(30, TimeUnit.SECONDS);
        if (result instanceof KvWriteResult.Done) {
            System.out.println("Success! Data written to: " + key);
        } else if (result instanceof KvWriteResult.Refused refused) {
            System.err.println("Error! Failed writing data: " + describe(refused.error()));
        } else {
            System.err.println("Error! Failed writing data: " + ((KvWriteResult.Invalid) result).message());
        }
        return null;
    }

    private static String describe(RaftError error) {
        return error instanceof RaftError.NoLeader || error instanceof RaftError.NotLeader ? "No cluster leader"
                : error.toString();
    }
}
