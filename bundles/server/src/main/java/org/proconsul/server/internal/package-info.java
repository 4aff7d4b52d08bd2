/**
 * Leader duties of a server: autopilot.
 */
package org.proconsul.server.internal;
