package dev.uptake.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.Topics;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.ingestion.messaging.EventPublisher;
import dev.uptake.ingestion.messaging.PublishedLookup;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the publisher tells about each event against the real broker (taken, refused, or never sent), and what the
 * lookup of left-behind claims finds on it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class EventPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * The topic exists before a test sends: its automatic creation can take longer than the producer's 250 ms
     * max.block.ms on a busy machine, which refused the first send with a timeout instead of what a test expects.
     */
    @BeforeEach
    void topicExists() {
        TestTopics.send(Topics.EVENTS, "warm-up", "{}", Map.of());
    }

    @Inject
    EventPublisher publisher;

    @Inject
    PublishedLookup lookup;

    @Test
    void shouldTellWhichEventsKafkaTookAndSendNoneAfterARefusal() {
        TrackedEvent taken = event("taken", Map.of("rows", 1));
        // Over the producer's max.request.size (1 MB): refused by the producer itself, for good.
        TrackedEvent refused = event("refused", Map.of("blob", "x".repeat(2_000_000)));
        TrackedEvent after = event("after", Map.of("rows", 3));

        EventPublisher.Outcome outcome = publisher.publishAll(List.of(taken, refused, after),
                System.nanoTime() + WAIT.toNanos()).await().atMost(WAIT);

        assertThat(outcome.failure()).isInstanceOf(RecordTooLargeException.class);
        assertThat(outcome.positions()).hasSize(3);
        assertThat(outcome.positions().get(0)).isNotNull();
        assertThat(outcome.positions().subList(1, 3)).containsOnlyNulls();
        assertThat(onTopic(taken)).hasSize(1);
        assertThat(onTopic(after)).isEmpty();
    }

    @Test
    void shouldSendNothingWhenTheSendingThreadGetsToTheEventsAfterTheirSendByTime() {
        TrackedEvent late = event("late", Map.of("rows", 1));

        EventPublisher.Outcome outcome = publisher.publishAll(List.of(late), System.nanoTime() - 1)
                .await().atMost(WAIT);

        assertThat(outcome.failure()).isInstanceOf(EventPublisher.NotSentException.class);
        assertThat(outcome.positions()).containsOnlyNulls();
        assertThat(onTopic(late)).isEmpty();
    }

    @Test
    void shouldFindWhereAnEventClaimedAtAGivenTimeIsOnTheTopicAndNothingElse() {
        Instant claimedAt = Instant.now();
        TrackedEvent sent = event("sent", Map.of("rows", 1));
        TrackedEvent other = event("other", Map.of("rows", 2));
        EventPublisher.Outcome outcome = publisher.publishAll(List.of(sent, other), System.nanoTime() + WAIT.toNanos())
                .await().atMost(WAIT);
        TrackedEvent neverSent = event("never-sent", Map.of("rows", 3));

        Map<String, EventPublisher.Position> found = lookup.find(List.of(
                new PublishedLookup.Wanted(sent.tenantId(), sent.messageId(), sent.partitionKey(),
                        List.of(claimedAt)),
                new PublishedLookup.Wanted(neverSent.tenantId(), neverSent.messageId(), neverSent.partitionKey(),
                        List.of(claimedAt)),
                // The same messageId sent by another tenant is another event.
                new PublishedLookup.Wanted("another-tenant", other.messageId(), other.partitionKey(),
                        List.of(claimedAt))))
                .await().atMost(WAIT);

        assertThat(found).containsOnly(Map.entry(sent.tenantId() + "/" + sent.messageId(), outcome.positions().get(0)));
    }

    @Test
    void shouldReadOnlyTheWindowsInWhichAClaimsAttemptsCanHaveSentIt() {
        TrackedEvent sent = event("sent-now", Map.of("rows", 1));
        publisher.publishAll(List.of(sent), System.nanoTime() + WAIT.toNanos()).await().atMost(WAIT);

        // Claimed a minute ago, it was sent within seconds of that or not at all: this record is another attempt's.
        Instant minuteAgo = Instant.now().minus(Duration.ofMinutes(1));
        Map<String, EventPublisher.Position> found = lookup.find(List.of(new PublishedLookup.Wanted(sent.tenantId(),
                sent.messageId(), sent.partitionKey(), List.of(minuteAgo)))).await().atMost(WAIT);
        assertThat(found).isEmpty();

        // Taken over just now by an attempt that died in turn: the windows of both attempts are read.
        found = lookup.find(List.of(new PublishedLookup.Wanted(sent.tenantId(), sent.messageId(),
                sent.partitionKey(), List.of(minuteAgo, Instant.now().minusSeconds(1))))).await().atMost(WAIT);
        assertThat(found).containsOnlyKeys(sent.tenantId() + "/" + sent.messageId());
    }

    private static List<?> onTopic(TrackedEvent event) {
        return TestTopics.read(Topics.EVENTS, r -> event.messageId().equals(TestTopics.header(r, "ce_id")), 2,
                Duration.ofSeconds(3));
    }

    private static TrackedEvent event(String name, Map<String, Object> properties) {
        Instant now = Instant.now();
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, "tenant-p", Events.uniqueId(), EventType.TRACK, "u-p",
                null, "acct-p", name, null, null, null, properties, null, null, now, now, null, now, false);
    }
}
