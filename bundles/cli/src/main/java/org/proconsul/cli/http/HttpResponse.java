package org.proconsul.cli.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete HTTP response: status, headers (names lower-cased) and body bytes. */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    public HttpResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** A header value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
