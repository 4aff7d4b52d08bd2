/**
 * The in-memory storage engine: sorted maps guarded by one read/write lock per database, so a read view
 * is consistent without copying. Nothing here survives the process; it backs {@code -dev} agents.
 */
package org.proconsul.storage.memory.internal;
