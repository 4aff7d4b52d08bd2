package org.proconsul.cli.http;

import java.nio.charset.StandardCharsets;

import org.proconsul.cli.GoJson;

/** The session calls the lock command makes: create, renew, destroy. */
public final class SessionApi {
    private static final String JSON = "application/json";
    private final ConsulHttpClient http;

    public SessionApi(ConsulHttpClient http) {
        this.http = http;
    }

    /** Creates a session on the agent's node; returns its id. {@code ttl} and {@code lockDelay} are Go durations. */
    public String create(String name, String ttl, String lockDelay) throws ConsulApiException {
        String body = "{\"Name\":" + GoJson.quote(name) + ",\"TTL\":" + GoJson.quote(ttl) + ",\"LockDelay\":"
                + GoJson.quote(lockDelay) + "}";
        HttpResponse r = http.send("PUT", "/v1/session/create", null, body.getBytes(StandardCharsets.UTF_8), JSON);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        try {
            Object id = GoJson.parseObject(r.body()).get("ID");
            if (!(id instanceof String s) || s.isEmpty()) {
                throw new ConsulApiException("session create answered without an ID");
            }
            return s;
        } catch (GoJson.JsonException e) {
            throw new ConsulApiException("cannot read the session create answer: " + e.getMessage());
        }
    }

    /** Renews the session; false when the agent no longer knows it (404). */
    public boolean renew(String id) throws ConsulApiException {
        HttpResponse r = http.send("PUT", "/v1/session/renew/" + id, null, null, null);
        if (r.status() == 404) {
            return false;
        }
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        return true;
    }

    public void destroy(String id) throws ConsulApiException {
        HttpResponse r = http.send("PUT", "/v1/session/destroy/" + id, null, null, null);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
    }
}
