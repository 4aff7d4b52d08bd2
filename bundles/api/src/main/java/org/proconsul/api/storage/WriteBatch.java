package org.proconsul.api.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An ordered list of puts and deletes applied atomically by {@link Database#write(WriteBatch)}. */
public final class WriteBatch {

    /** One operation of a batch. */
    public sealed interface Op permits Put, Delete, DeleteRange {
        String map();
    }

    /** Stores {@code value} under {@code key}. */
    public record Put(String map, byte[] key, byte[] value) implements Op {
        public Put {
            Objects.requireNonNull(map);
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        }
    }

    /** Removes {@code key} if present. */
    public record Delete(String map, byte[] key) implements Op {
        public Delete {
            Objects.requireNonNull(map);
            Objects.requireNonNull(key);
        }
    }

    /**
     * Removes every key with {@code from <= key < to} ({@code to == null}: no upper bound). An empty
     * {@code from} with no {@code to} empties the whole map, which engines do in constant time.
     */
    public record DeleteRange(String map, byte[] from, byte[] to) implements Op {
        public DeleteRange {
            Objects.requireNonNull(map);
            Objects.requireNonNull(from);
        }
    }

    private final List<Op> ops = new ArrayList<>();

    public WriteBatch put(String map, byte[] key, byte[] value) {
        ops.add(new Put(map, key, value));
        return this;
    }

    public WriteBatch delete(String map, byte[] key) {
        ops.add(new Delete(map, key));
        return this;
    }

    public WriteBatch deleteRange(String map, byte[] from, byte[] to) {
        ops.add(new DeleteRange(map, from, to));
        return this;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }
}
