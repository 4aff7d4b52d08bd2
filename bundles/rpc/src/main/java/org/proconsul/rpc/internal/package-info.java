/** The RPC listener and client: implementation, not exported. */
package org.proconsul.rpc.internal;
