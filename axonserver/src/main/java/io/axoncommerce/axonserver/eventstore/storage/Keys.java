package io.axoncommerce.axonserver.eventstore.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Binary key layouts. Every number is big-endian so that RocksDB's bytewise ordering equals numeric ordering (tokens,
 * sequences and timestamps are never negative here).
 */
final class Keys {

    private Keys() {
    }

    static byte[] longKey(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long readLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    /**
     * {@code [int32 length][utf-8 aggregate id]}: the length prefix keeps the keys of "order-1" and "order-10" in
     * separate ranges, so a seek within one aggregate can never run into another one.
     */
    static byte[] aggregatePrefix(String aggregateId) {
        byte[] id = aggregateId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + id.length).putInt(id.length).put(id).array();
    }

    /** {@code [aggregate prefix][int64 sequence]}. */
    static byte[] aggregateKey(byte[] prefix, long sequence) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + Long.BYTES);
        ByteBuffer.wrap(key, prefix.length, Long.BYTES).putLong(sequence);
        return key;
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length == prefix.length + Long.BYTES
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static long sequenceOf(byte[] aggregateKey) {
        return ByteBuffer.wrap(aggregateKey, aggregateKey.length - Long.BYTES, Long.BYTES).getLong();
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
