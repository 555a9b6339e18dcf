package dev.uptake.campaign.inbox.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.campaign.inbox.service.InboxService.UserInbox;

/** One page of a user's inbox, with the unread count of the whole inbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "InboxPage")
public record InboxPage(List<InboxMessageView> items,
        @Schema(description = "Unread messages in the whole inbox, not only this page", example = "1") long unread,
        @Schema(description = "Pass as cursor to get the next page; absent on the last page") String nextCursor) {

    static InboxPage of(UserInbox inbox) {
        return new InboxPage(inbox.page().items().stream().map(InboxMessageView::of).toList(), inbox.unread(),
                inbox.page().nextCursor());
    }
}
