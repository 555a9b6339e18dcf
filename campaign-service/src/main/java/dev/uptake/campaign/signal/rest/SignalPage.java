package dev.uptake.campaign.signal.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One page of signals; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "SignalPage")
public record SignalPage(List<SignalView> items,
        @Schema(description = "Pass as cursor to get the next page; absent on the last page",
                example = "MjAyNi0xMS0yM1QxMDowMDowMS4yMDRafDlmMmM0ZTYxYTBiMzVkN2U4YzFmMDJhNGI2ZDhlMGYx") String nextCursor) {
}
