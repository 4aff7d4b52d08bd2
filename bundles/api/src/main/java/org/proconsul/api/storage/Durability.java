package org.proconsul.api.storage;

/** Whether an acknowledged {@link Database#write(WriteBatch)} has reached stable storage. */
public enum Durability {
    /** The write is fsynced before {@code write} returns: for the Raft log and vote. */
    SYNC,
    /** The write may sit in buffers: for data rebuilt from the Raft log after a crash. */
    BUFFERED
}
