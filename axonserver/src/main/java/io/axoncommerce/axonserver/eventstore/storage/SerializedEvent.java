package io.axoncommerce.axonserver.eventstore.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.axoniq.axonserver.grpc.event.Event;

/**
 * An event as stored: its global token and its protobuf {@code Event} encoding. The array is the storage's own copy
 * (fresh per read, never reused), so it is handed out without copying; callers must not modify it.
 */
public record SerializedEvent(long token, byte[] event) {

    /** Decodes the event, for the few callers that need to look inside (blacklist checks). */
    public Event parse() {
        try {
            return Event.parseFrom(event);
        } catch (InvalidProtocolBufferException e) {
            throw new StorageException("Stored event cannot be parsed: " + e.getMessage(), e);
        }
    }
}
