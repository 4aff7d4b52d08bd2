package org.proconsul.rpc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the call channel: {@code kind u8 | callId i64 | body}. A request's body is
 * {@code serviceLength u16 | service | timeoutMillis i64 | request}; a reply's is the reply bytes; an
 * error's is its UTF-8 message; a cancel has none.
 */
record CallFrame(Kind kind, long callId, String service, long timeoutMillis, byte[] body) {
    static final int MAX_SERVICE_BYTES = 256;

    enum Kind {
        REQUEST, REPLY, ERROR, CANCEL;

        static Kind of(int code) {
            return code >= 1 && code <= values().length ? values()[code - 1] : null;
        }

        int code() {
            return ordinal() + 1;
        }
    }

    static CallFrame request(long callId, String service, long timeoutMillis, byte[] request) {
        return new CallFrame(Kind.REQUEST, callId, service, timeoutMillis, request);
    }

    static CallFrame reply(long callId, byte[] reply) {
        return new CallFrame(Kind.REPLY, callId, "", 0, reply);
    }

    static CallFrame error(long callId, String message) {
        return new CallFrame(Kind.ERROR, callId, "", 0, message.getBytes(StandardCharsets.UTF_8));
    }

    static CallFrame cancel(long callId) {
        return new CallFrame(Kind.CANCEL, callId, "", 0, new byte[0]);
    }

    String errorMessage() {
        return new String(body, StandardCharsets.UTF_8);
    }

    byte[] encode() {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        boolean request = kind == Kind.REQUEST;
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + (request ? 2 + name.length + 8 : 0) + body.length);
        b.put((byte) kind.code()).putLong(callId);
        if (request) {
            b.putShort((short) name.length).put(name).putLong(timeoutMillis);
        }
        b.put(body);
        return b.array();
    }

    static CallFrame decode(byte[] frame) throws Frames.BadFrame {
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (b.remaining() < 9) {
            throw new Frames.BadFrame("call frame of " + frame.length + " bytes is too short");
        }
        Kind kind = Kind.of(b.get() & 0xff);
        if (kind == null) {
            throw new Frames.BadFrame("unknown call frame kind " + (frame[0] & 0xff));
        }
        long callId = b.getLong();
        String service = "";
        long timeout = 0;
        if (kind == Kind.REQUEST) {
            if (b.remaining() < 2) {
                throw new Frames.BadFrame("request frame without a service name");
            }
            int n = b.getShort() & 0xffff;
            if (n == 0 || n > MAX_SERVICE_BYTES || b.remaining() < n + 8) {
                throw new Frames.BadFrame("request frame with a bad service name length " + n);
            }
            byte[] name = new byte[n];
            b.get(name);
            service = new String(name, StandardCharsets.UTF_8);
            timeout = b.getLong();
            if (timeout < 0) {
                throw new Frames.BadFrame("request frame with a negative timeout");
            }
        }
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new CallFrame(kind, callId, service, timeout, body);
    }
}
