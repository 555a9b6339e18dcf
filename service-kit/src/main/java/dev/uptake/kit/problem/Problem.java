package dev.uptake.kit.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail, the body of every error Uptake returns. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
        @Schema(example = "https://uptake.dev/problems/validation") URI type,
        @Schema(example = "Invalid request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "userId or anonymousId is required") String detail,
        @Schema(example = "/v1/track") String instance,
        @Schema(description = "One entry per invalid field") List<FieldError> errors) {

    /** One invalid field: where it is and what is wrong with it. */
    public record FieldError(@Schema(example = "batch[3].event") String path,
            @Schema(example = "must not be blank") String message) {
    }
}
