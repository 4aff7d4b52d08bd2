package org.proconsul.cli.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoJson;

/** The {@code /v1/agent} calls the CLI makes. */
public final class AgentApi {
    private final ConsulHttpClient http;

    public AgentApi(ConsulHttpClient http) {
        this.http = http;
    }

    /**
     * {@code GET /v1/agent/members}. Like Consul's client the {@code segment} parameter is always sent
     * ({@code _all} asks for every segment), {@code wan=1} for the WAN pool, {@code filter} when not empty.
     */
    public List<AgentMember> members(String segment, boolean wan, String filter) throws ConsulApiException {
        Map<String, String> p = new HashMap<>();
        p.put("segment", segment);
        if (wan) {
            p.put("wan", "1");
        }
        if (!filter.isEmpty()) {
            p.put("filter", filter);
        }
        HttpResponse r = http.send("GET", "/v1/agent/members", p, null, null);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        Object doc = KvApi.decode(r);
        List<AgentMember> out = new ArrayList<>();
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof List)) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(doc)
                    + " into Go value of type []*api.AgentMember");
        }
        for (Object o : (List<?>) doc) {
            if (!(o instanceof Map)) {
                continue;
            }
            Map<?, ?> m = (Map<?, ?>) o;
            Map<String, String> tags = new HashMap<>();
            Object rawTags = KvApi.field(m, "Tags");
            if (rawTags instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) rawTags).entrySet()) {
                    tags.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
                }
            }
            out.add(new AgentMember(str(KvApi.field(m, "Name")), str(KvApi.field(m, "Addr")),
                    (int) num(KvApi.field(m, "Port")), tags, (int) num(KvApi.field(m, "Status"))));
        }
        return out;
    }

    private static String str(Object o) {
        return o instanceof String ? (String) o : "";
    }

    private static long num(Object o) {
        Long n = GoJson.unsigned(o);
        return n == null ? 0 : n;
    }
}
