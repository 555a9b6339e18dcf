package dev.uptake.gateway.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.gateway.KeyKind;

/** Body of a key creation. */
@Schema(name = "KeyRequest")
public record KeyRequest(
        @NotNull @Pattern(regexp = "write|read|admin", message = "must be write, read or admin")
        @Schema(type = SchemaType.STRING, enumeration = { "write", "read", "admin" }, example = "write") String kind) {

    KeyKind keyKind() {
        return KeyKind.fromWireName(kind).orElseThrow();
    }
}
