package org.proconsul.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (bad request lines, oversized headers, refused URIs) answered as Consul
 * answers errors: a one-line plain-text body, never an HTML page or a stack trace.
 */
final class PlainTextErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object statusAttr = request.getAttribute(ERROR_STATUS);
        int status = statusAttr instanceof Integer i ? i : response.getStatus();
        Object messageAttr = request.getAttribute(ERROR_MESSAGE);
        String message = messageAttr instanceof String s && !s.isEmpty() ? s : HttpStatus.getMessage(status);
        byte[] body = oneLine(message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        String text = reason == null || reason.isEmpty() ? HttpStatus.getMessage(status) : reason;
        return ByteBuffer.wrap(oneLine(status + " " + text).getBytes(StandardCharsets.UTF_8));
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
