package dev.uptake.campaign.campaigns;

import java.util.Locale;

/** How a campaign reaches people. Email and webhooks arrive with the campaign engine; the inbox is first. */
public enum Channel {

    IN_APP;

    /** The name the API uses: lower case, as in {@code in_app}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
