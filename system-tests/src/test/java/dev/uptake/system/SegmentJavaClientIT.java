package dev.uptake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;

import okhttp3.OkHttpClient;

/**
 * Segment's Java server SDK ({@code com.segment.analytics.java:analytics}) with only its endpoint set to the gateway:
 * it posts its batches to {@code /v1/import/} with the key as HTTP Basic user name, and every call arrives.
 */
class SegmentJavaClientIT {

    @Test
    void shouldReceiveEveryCallTheJavaSdkSendsWithItsFields() {
        String runId = UUID.randomUUID().toString();
        String user = "java-user-" + runId;
        String account = "java-account-" + runId;
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        Analytics analytics = Analytics.builder(RunningSuite.tenant().writeKey())
                .endpoint(RunningSuite.suite().gatewayUrl())
                // Only watches: the SDK adds its own settings and key on top of this client.
                .client(new OkHttpClient.Builder().addInterceptor(chain -> {
                    paths.add(chain.request().url().encodedPath());
                    return chain.proceed(chain.request());
                }).build())
                .flushQueueSize(4).flushInterval(1, TimeUnit.SECONDS).retries(1)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.add(message.messageId());
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failed.add(message.messageId() + ": " + throwable);
                    }
                })
                .build();
        try {
            analytics.enqueue(IdentifyMessage.builder().userId(user).traits(Map.of("email", "linus@example.com")));
            analytics.enqueue(GroupMessage.builder(account).userId(user).traits(Map.of("name", "Java Co")));
            analytics.enqueue(TrackMessage.builder("Report Built").userId(user).properties(Map.of("rows", 11))
                    .context(Map.of("groupId", account)));
            analytics.enqueue(PageMessage.builder("Dashboard").userId(user));
            analytics.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() + failed.size() == 4);
        } finally {
            analytics.shutdown();
        }
        assertThat(failed).isEmpty();
        assertThat(paths).isNotEmpty().containsOnly("/v1/import/");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RunningSuite.eventsOf(user)
                .body("items.size()", equalTo(4))
                .body("items.messageId", containsInAnyOrder(delivered.toArray()))
                .body("items.find { it.type == 'identify' }.traits.email", equalTo("linus@example.com"))
                .body("items.find { it.type == 'group' }.groupId", equalTo(account))
                .body("items.find { it.type == 'track' }.properties.rows", equalTo(11))
                .body("items.find { it.type == 'track' }.accountId", equalTo(account))
                .body("items.find { it.type == 'track' }.context.library.name", equalTo("analytics-java"))
                .body("items.find { it.type == 'page' }.name", equalTo("Dashboard")));
    }
}
