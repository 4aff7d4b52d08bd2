/**
 * Karaf shell commands {@code consul:*}: thin actions over the same services the HTTP API uses, printing
 * what the {@code consul} command prints.
 */
package org.proconsul.shell.internal;
