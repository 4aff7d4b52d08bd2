package org.proconsul.cli.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A deliberately small HTTP/1.1 client for one agent: one connection, reused while the agent keeps it open,
 * no redirects, no compression, no timeouts on reads (blocking queries may legitimately wait minutes).
 * Built on plain sockets because {@code java.net.http.HttpClient} costs about half a second of JVM start,
 * and {@code HttpURLConnection} cannot speak over a Unix socket.
 *
 * <p>Every request gets the defaults Consul's {@code api} client adds: {@code X-Consul-Token} when a token
 * is configured, basic auth from {@code CONSUL_HTTP_AUTH}, and the {@code dc}/{@code ns}/{@code partition}
 * query parameters. Not thread-safe; a CLI command uses it from one thread.
 */
public final class ConsulHttpClient implements Closeable {
    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private final AgentEndpoint endpoint;
    private final String token;
    private final String basicAuth;
    private final boolean skipTlsVerify;
    private final Map<String, String> defaultParams;

    private Closeable connection;
    private InputStream in;
    private OutputStream out;

    /**
     * @param token         ACL token or "" for none
     * @param basicAuth     {@code user:password} or null
     * @param skipTlsVerify accept any server certificate ({@code CONSUL_HTTP_SSL_VERIFY=false})
     * @param defaultParams query parameters added to every request ({@code dc}, {@code ns}, {@code partition})
     */
    public ConsulHttpClient(AgentEndpoint endpoint, String token, String basicAuth, boolean skipTlsVerify,
                            Map<String, String> defaultParams) {
        this.endpoint = endpoint;
        this.token = token;
        this.basicAuth = basicAuth;
        this.skipTlsVerify = skipTlsVerify;
        this.defaultParams = defaultParams;
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends one request and reads the whole response.
     *
     * @param path   unescaped path, e.g. {@code "/v1/kv/" + key}
     * @param params request parameters (added to the defaults; may be null)
     * @param body   request body, or null for none
     * @param contentType content type of {@code body}
     * @throws ConsulApiException when no response could be obtained (worded like Go's {@code *url.Error})
     */
    public HttpResponse send(String method, String path, Map<String, String> params, byte[] body, String contentType)
            throws ConsulApiException {
        TreeMap<String, String> query = new TreeMap<>(defaultParams);
        if (params != null) {
            query.putAll(params);
        }
        String target = GoUrl.escapePath(endpoint.pathPrefix() + path);
        if (!query.isEmpty()) {
            target = target + "?" + GoUrl.encodeQuery(query);
        }
        byte[] head = requestHead(method, target, body, contentType);
        boolean reused = connection != null;
        try {
            try {
                return exchange(head, body);
            } catch (StaleConnectionException e) {
                if (!reused) {
                    throw e.getCause();
                }
                // The agent closed the kept-alive connection before our request reached it: dial again.
                closeQuietly();
                return exchange(head, body);
            }
        } catch (StaleConnectionException e) {
            closeQuietly();
            throw wrap(method, target, "EOF");
        } catch (DialException e) {
            closeQuietly();
            throw wrap(method, target, e.getMessage());
        } catch (IOException e) {
            closeQuietly();
            throw wrap(method, target, describe(e));
        }
    }

    private HttpResponse exchange(byte[] head, byte[] body) throws IOException {
        if (connection == null) {
            open();
        }
        try {
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw new StaleConnectionException(e);
        }
        return readResponse();
    }

    private byte[] requestHead(String method, String target, byte[] body, String contentType) {
        StringBuilder b = new StringBuilder(256);
        b.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(endpoint.unixPath() != null ? "localhost" : endpoint.hostPort()).append("\r\n");
        b.append("User-Agent: proconsul-cli\r\n");
        if (!token.isEmpty()) {
            b.append("X-Consul-Token: ").append(token).append("\r\n");
        }
        if (basicAuth != null) {
            b.append("Authorization: Basic ")
                    .append(java.util.Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        if (body != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse readResponse() throws IOException {
        while (true) {
            String statusLine;
            try {
                statusLine = readLine(true);
            } catch (EOFException e) {
                throw new StaleConnectionException(e);
            }
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("malformed HTTP response " + org.proconsul.cli.GoText.quote(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP status code " + org.proconsul.cli.GoText.quote(statusLine.substring(9)));
            }
            Map<String, String> headers = new HashMap<>();
            String line;
            while (!(line = readLine(false)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).strip();
                    headers.putIfAbsent(name, value);
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim response (100 Continue): the real one follows
            }
            boolean keepAlive = !statusLine.startsWith("HTTP/1.0");
            String conn = headers.get("connection");
            if (conn != null) {
                if (conn.equalsIgnoreCase("close")) {
                    keepAlive = false;
                } else if (conn.equalsIgnoreCase("keep-alive")) {
                    keepAlive = true;
                }
            }
            byte[] body;
            String te = headers.get("transfer-encoding");
            String cl = headers.get("content-length");
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked();
            } else if (cl != null) {
                long n;
                try {
                    n = Long.parseLong(cl);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length " + org.proconsul.cli.GoText.quote(cl));
                }
                body = readExactly(n);
            } else {
                body = in.readAllBytes();
                keepAlive = false;
            }
            if (!keepAlive) {
                closeQuietly();
            }
            return new HttpResponse(status, headers, body);
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunked encoding");
            }
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers are ignored
                }
                return buf.toByteArray();
            }
            buf.write(readExactly(size));
            readLine(false);
        }
    }

    private byte[] readExactly(long n) throws IOException {
        if (n > Integer.MAX_VALUE - 16) {
            throw new IOException("response body too large");
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw new IOException("unexpected EOF");
        }
        return b;
    }

    /** Reads a CRLF- or LF-terminated ISO-8859-1 line; EOF before the first byte throws EOFException. */
    private String readLine(boolean first) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
        if (!any && first) {
            throw new EOFException();
        }
        throw new IOException("unexpected EOF");
    }

    private void open() throws IOException {
        if (endpoint.unixPath() != null) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(endpoint.unixPath()));
            } catch (IOException e) {
                ch.close();
                throw new DialException("dial unix " + endpoint.unixPath() + ": connect: " + reason(e));
            }
            connection = ch;
            in = new BufferedInputStream(Channels.newInputStream(ch), 16384);
            out = Channels.newOutputStream(ch);
            return;
        }
        String host = endpoint.host();
        int port = endpointPort();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new DialException("dial tcp: lookup " + host + ": no such host");
        }
        Socket socket = null;
        String failure = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(a, port), CONNECT_TIMEOUT_MS);
                socket = s;
                break;
            } catch (IOException e) {
                s.close();
                failure = "dial tcp " + GoNet.address(a, port) + ": "
                        + (e instanceof SocketTimeoutException ? "i/o timeout" : "connect: " + reason(e));
            }
        }
        if (socket == null) {
            throw new DialException(failure != null ? failure : "dial tcp: lookup " + host + ": no such host");
        }
        if (endpoint.tls()) {
            socket = startTls(socket, host, port);
        }
        connection = socket;
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    private int endpointPort() throws DialException {
        try {
            return endpoint.port();
        } catch (ConsulApiException e) {
            throw new DialException(e.getMessage());
        }
    }

    private Socket startTls(Socket plain, String host, int port) throws IOException {
        SSLSocketFactory factory;
        if (skipTlsVerify) {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                factory = ctx.getSocketFactory();
            } catch (GeneralSecurityException e) {
                plain.close();
                throw new IOException("tls: " + e.getMessage(), e);
            }
        } else {
            factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        if (!skipTlsVerify) {
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(p);
        }
        try {
            tls.startHandshake();
        } catch (IOException e) {
            tls.close();
            throw new DialException(tlsFailure(e, host));
        }
        return tls;
    }

    /** A handshake failure in the words of Go's {@code crypto/tls} where the cause is recognisable. */
    private static String tlsFailure(IOException e, String host) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
            return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "tls: failed to verify certificate: x509: certificate is not valid for " + host;
        }
        if (m.contains("expired") || m.contains("NotAfter")) {
            return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
        }
        return "tls: " + m;
    }

    /** Trust manager for {@code CONSUL_HTTP_SSL_VERIFY=false}: accepts every certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private ConsulApiException wrap(String method, String target, String detail) {
        String op = method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
        return new ConsulApiException(op + " \"" + endpoint.urlFor(target) + "\": " + detail);
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "i/o timeout";
        }
        if (e instanceof EOFException) {
            return "EOF";
        }
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        if (m.equalsIgnoreCase("Connection reset") || m.contains("reset by peer")) {
            return "read: connection reset by peer";
        }
        return m;
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof java.net.SocketException) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("refused")) {
                return "connection refused";
            }
            if (lower.contains("no route")) {
                return "no route to host";
            }
            if (lower.contains("unreachable")) {
                return "network is unreachable";
            }
            if (lower.contains("no such file")) {
                return "no such file or directory";
            }
            if (lower.contains("permission denied")) {
                return "permission denied";
            }
            return lower.isEmpty() ? "connection failed" : lower;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // nothing useful to do: the connection is being discarded
            }
        }
        connection = null;
        in = null;
        out = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    /** A dial failure already worded like Go's {@code *net.OpError}. */
    private static final class DialException extends IOException {
        private static final long serialVersionUID = 1L;

        DialException(String message) {
            super(message);
        }
    }

    /** The connection turned out to be closed before any response byte arrived. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
