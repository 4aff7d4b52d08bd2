/**
 * The Xodus storage engine: one Xodus Environment per database (so the fsynced Raft log and the
 * buffered state store never share a write path), one Xodus Store per named map. Xodus types stay in
 * this package.
 */
package org.proconsul.storage.xodus.internal;
