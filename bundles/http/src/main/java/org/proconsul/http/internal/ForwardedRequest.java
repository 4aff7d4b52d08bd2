package org.proconsul.http.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request a client agent hands to a server over RPC ({@code http.forward}): the method, the raw
 * path and query as the client received them, the headers that matter to the endpoint, and the body.
 * Strings are u16-length UTF-8, the body a u32-length blob.
 */
record ForwardedRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
    static final String SERVICE = "http.forward";
    private static final int MAX_HEADERS = 64;
    private static final int MAX_TEXT = 16 * 1024;

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + body.length);
            DataOutputStream out = new DataOutputStream(bytes);
            text(out, method);
            text(out, target);
            out.writeShort(headers.size());
            for (Map.Entry<String, String> h : headers) {
                text(out, h.getKey());
                text(out, h.getValue());
            }
            out.writeInt(body.length);
            out.write(body);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ForwardedRequest decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        String method = text(in);
        String target = text(in);
        if (!method.matches("[A-Z]{1,16}") || !target.startsWith("/") || target.contains("\r") || target.contains("\n")
                || target.contains(" ")) {
            throw new IOException("not a forwardable request line");
        }
        int n = in.readUnsignedShort();
        if (n > MAX_HEADERS) {
            throw new IOException("too many headers: " + n);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = text(in);
            String value = text(in);
            if (!name.matches("[A-Za-z0-9-]{1,64}") || value.contains("\r") || value.contains("\n")) {
                throw new IOException("bad header " + name);
            }
            headers.add(Map.entry(name, value));
        }
        int length = in.readInt();
        if (length < 0 || length != in.available()) {
            throw new IOException("body length " + length + " does not match the request");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new ForwardedRequest(method, target, headers, body);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        if (n > MAX_TEXT || n > in.available()) {
            throw new IOException("text of " + n + " bytes does not fit");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The request as HTTP/1.0 bytes, so the answer ends with the connection and needs no chunk parsing. */
    byte[] toHttp10() {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.0\r\nHost: localhost\r\n");
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
