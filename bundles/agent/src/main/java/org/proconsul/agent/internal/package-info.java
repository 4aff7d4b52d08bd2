/** The local agent's services and checks, their TTL timers and their sync to the catalog. Private. */
package org.proconsul.agent.internal;
