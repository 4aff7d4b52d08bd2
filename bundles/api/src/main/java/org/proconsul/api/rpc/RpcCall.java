package org.proconsul.api.rpc;

/** One inbound call: who sent it ({@code ip:port} of the connection), the service and the request bytes. */
public record RpcCall(String remoteAddress, String service, byte[] request) {
}
