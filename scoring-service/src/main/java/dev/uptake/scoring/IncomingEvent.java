package dev.uptake.scoring;

import dev.uptake.contracts.TrackedEvent;

/** An event with where it came from: its partition and offset are what make re-applying it detectable. */
public record IncomingEvent(TrackedEvent event, int partition, long offset) {
}
