package dev.uptake.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an API key: {@code upk_<kind letter>_<prefix>_<secret>}, e.g. {@code upk_w_3kq8z1m4x7ab_...}.
 * <ul>
 * <li>{@code upk} marks an Uptake key (secret scanners can match it);</li>
 * <li>the kind letter is {@code w}, {@code r} or {@code a};</li>
 * <li>the prefix (12 characters, 60 random bits) is not secret: it identifies the key in lists and lookups;</li>
 * <li>the secret (32 characters, 160 random bits) is shown once and only its SHA-256 is stored. A fast hash is
 * enough because the secret is random, not a password.</li>
 * </ul>
 * Both parts use a lower-case base-32 alphabet without {@code i l o u}, so keys survive copy and paste.
 */
public final class ApiKeyFormat {

    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    static final int PREFIX_LENGTH = 12;
    static final int SECRET_LENGTH = 32;
    private static final Pattern SHAPE = Pattern.compile(
            "upk_([a-z])_([" + ALPHABET + "]{" + PREFIX_LENGTH + "})_([" + ALPHABET + "]{" + SECRET_LENGTH + "})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A key as presented by a caller, split into its parts. */
    public record PresentedKey(KeyKind kind, String prefix, String secret) {

        @Override
        public String toString() {
            return "PresentedKey[" + kind + ", " + prefix + "]"; // never the secret
        }
    }

    /** A freshly generated key: the full text (shown once) and what is stored. */
    public record NewKey(String text, String prefix, String secretHash) {

        @Override
        public String toString() {
            return "NewKey[" + prefix + "]";
        }
    }

    public static NewKey generate(KeyKind kind) {
        String prefix = random(PREFIX_LENGTH);
        String secret = random(SECRET_LENGTH);
        return new NewKey("upk_" + kind.letter() + "_" + prefix + "_" + secret, prefix, hash(secret));
    }

    public static Optional<PresentedKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return KeyKind.fromLetter(matcher.group(1).charAt(0))
                .map(kind -> new PresentedKey(kind, matcher.group(2), matcher.group(3)));
    }

    /** Hex SHA-256 of the secret part, as stored in {@code api_keys.secret_sha256}. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public static boolean matches(String secret, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(secret));
    }

    /** Random text from {@link #ALPHABET}, 5 bits a character. */
    public static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
