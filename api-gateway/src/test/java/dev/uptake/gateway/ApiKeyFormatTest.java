package dev.uptake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The key text: shape, kind letter, hashing and parsing. */
class ApiKeyFormatTest {

    @Test
    void shouldGenerateKeysThatParseBackToTheirParts() {
        ApiKeyFormat.NewKey key = ApiKeyFormat.generate(KeyKind.ADMIN);

        assertThat(key.text()).matches("upk_a_[0-9a-z]{12}_[0-9a-z]{32}");
        ApiKeyFormat.PresentedKey parsed = ApiKeyFormat.parse(key.text()).orElseThrow();
        assertThat(parsed).extracting(ApiKeyFormat.PresentedKey::kind, ApiKeyFormat.PresentedKey::prefix)
                .containsExactly(KeyKind.ADMIN, key.prefix());
        assertThat(ApiKeyFormat.matches(parsed.secret(), key.secretHash())).isTrue();
        assertThat(key.secretHash()).doesNotContain(parsed.secret()).hasSize(64);
    }

    @Test
    void shouldNotMatchAnotherSecret() {
        ApiKeyFormat.NewKey key = ApiKeyFormat.generate(KeyKind.WRITE);
        String other = ApiKeyFormat.parse(ApiKeyFormat.generate(KeyKind.WRITE).text()).orElseThrow().secret();

        assertThat(ApiKeyFormat.matches(other, key.secretHash())).isFalse();
        assertThat(ApiKeyFormat.matches(other, "not-hex")).isFalse();
    }

    @Test
    void shouldRejectTextThatIsNotAKey() {
        assertThat(ApiKeyFormat.parse(null)).isEmpty();
        assertThat(ApiKeyFormat.parse("upk_x_abcdefghjkmn_" + "a".repeat(32))).isEmpty();
        assertThat(ApiKeyFormat.parse("upk_w_abcdefghjkmn_" + "a".repeat(31))).isEmpty();
        assertThat(ApiKeyFormat.parse("upk_w_ABCDEFGHJKMN_" + "a".repeat(32))).isEmpty();
        assertThat(ApiKeyFormat.parse("upk_w_abcdefghjkmn_" + "a".repeat(32))).isPresent();
    }

    @Test
    void shouldNeverRepeatPrefixes() {
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            prefixes.add(ApiKeyFormat.generate(KeyKind.READ).prefix());
        }
        assertThat(prefixes).hasSize(10_000);
    }

    @Test
    void shouldNotPrintSecrets() {
        ApiKeyFormat.NewKey key = ApiKeyFormat.generate(KeyKind.READ);
        assertThat(key.toString()).doesNotContain(key.text());
        assertThat(ApiKeyFormat.parse(key.text()).orElseThrow().toString()).doesNotContain(key.text().substring(19));
    }
}
