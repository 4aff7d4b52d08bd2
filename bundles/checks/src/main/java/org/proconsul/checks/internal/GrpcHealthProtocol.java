package org.proconsul.checks.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The few bytes of gRPC's standard health protocol ({@code grpc.health.v1.Health/Check}): one
 * length-prefixed protobuf message each way. A request carries field 1, the service name; a response
 * carries field 1, the serving status. Small enough to speak without protobuf or grpc-java.
 */
final class GrpcHealthProtocol {
    static final String PATH = "/grpc.health.v1.Health/Check";
    static final int SERVING = 1;
    /** The serving statuses by number, as the .proto names them. */
    private static final List<String> STATUS_NAMES = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");
    /** gRPC status codes by number, as Go's codes package prints them. */
    private static final List<String> CODE_NAMES = List.of("OK", "Canceled", "Unknown", "InvalidArgument",
            "DeadlineExceeded", "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted",
            "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss",
            "Unauthenticated");

    private GrpcHealthProtocol() {
    }

    /** A framed HealthCheckRequest: not compressed, length, then field 1 when a service is named. */
    static ByteBuffer request(String service) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        if (!service.isEmpty()) {
            byte[] name = service.getBytes(StandardCharsets.UTF_8);
            message.write(0x0A); // field 1, length-delimited
            writeVarint(message, name.length);
            message.writeBytes(name);
        }
        byte[] body = message.toByteArray();
        ByteBuffer framed = ByteBuffer.allocate(5 + body.length);
        framed.put((byte) 0).putInt(body.length).put(body).flip();
        return framed;
    }

    /**
     * The serving status in a framed HealthCheckResponse.
     *
     * @throws IllegalArgumentException for a body that is not one uncompressed, well-formed message
     */
    static int status(byte[] framed) {
        if (framed.length < 5) {
            throw new IllegalArgumentException("response message too short (" + framed.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(framed);
        if (in.get() != 0) {
            throw new IllegalArgumentException("compressed response message");
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("response message length " + length + " beyond its frame");
        }
        int end = in.position() + length;
        int status = 0; // proto3: an absent enum field is its zero value, UNKNOWN
        while (in.position() < end) {
            long key = readVarint(in, end);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> {
                    long v = readVarint(in, end);
                    if (field == 1) {
                        status = (int) v;
                    }
                }
                case 1 -> skip(in, end, 8);
                case 2 -> skip(in, end, (int) readVarint(in, end));
                case 5 -> skip(in, end, 4);
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
            }
        }
        return status;
    }

    static String statusName(int status) {
        return status >= 0 && status < STATUS_NAMES.size() ? STATUS_NAMES.get(status) : Integer.toString(status);
    }

    static String codeName(int code) {
        return code >= 0 && code < CODE_NAMES.size() ? CODE_NAMES.get(code) : "Code(" + code + ")";
    }

    /** Go's grpc error text. */
    static String rpcError(int code, String description) {
        return "rpc error: code = " + codeName(code) + " desc = " + description;
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static long readVarint(ByteBuffer in, int end) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (in.position() >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = in.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private static void skip(ByteBuffer in, int end, int n) {
        if (n < 0 || in.position() + n > end) {
            throw new IllegalArgumentException("field beyond its message");
        }
        in.position(in.position() + n);
    }
}
