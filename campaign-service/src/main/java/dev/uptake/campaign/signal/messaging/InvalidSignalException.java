package dev.uptake.campaign.signal.messaging;

/** A record on the signal topic that is not a Signal this service can use: it is dead-lettered, never retried. */
public class InvalidSignalException extends RuntimeException {

    public InvalidSignalException(String message) {
        super(message, null, false, false);
    }
}
