package dev.uptake.campaign.inbox.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.campaign.inbox.InboxMessage;

/** An in-app message as a front end renders it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "InboxMessage")
public record InboxMessageView(
        @Schema(example = "c7d1e2f3-0a4b-4c5d-8e9f-a0b1c2d3e4f5") String messageId,
        @Schema(example = "3f0b8a52-4c1e-4d7a-9e36-5b2f1c8d7a90") String campaignId,
        @Schema(example = "u-1") String userId,
        @Schema(example = "Try saved reports") String title,
        @Schema(description = "Plain text; escape it when rendering HTML",
                example = "Save any report and get it in your inbox every Monday.") String body,
        @Schema(example = "2026-12-02T09:05:00Z") Instant deliveredAt,
        @Schema(description = "When the user first read it; absent while unread", example = "2026-12-02T10:12:31Z")
        Instant readAt) {

    static InboxMessageView of(InboxMessage message) {
        return new InboxMessageView(message.messageId, message.campaignId, message.userId, message.title,
                message.body, message.deliveredAt, message.readAt);
    }
}
