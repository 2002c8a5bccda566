package io.seatline.security.internal;

import io.seatline.core.ValidationException;
import io.seatline.security.PasswordHasher;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * PBKDF2-HMAC-SHA256 with a random 16-byte salt. Stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, so the
 * iteration count can be raised later without invalidating stored hashes.
 */
@Component(service = PasswordHasher.class, configurationPid = "seatline.security")
public class Pbkdf2PasswordHasher implements PasswordHasher {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();


    private int iterations;
    private int minLength;

    @Activate
    @Modified
    void configure(SecurityConfig config) {
        iterations = Math.max(10_000, config.passwordIterations());
        minLength = Math.max(6, config.passwordMinLength());
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(parts[1])));
    }

    @Override
    public void checkPolicy(String password, String field) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            throw new ValidationException("weak_password", "password must be at least " + minLength + " characters", field);
        }
        if (password.length() > 200) {
            throw new ValidationException("too_long", "password must be at most 200 characters", field);
        }
        if (password.chars().allMatch(Character::isDigit) || password.chars().allMatch(Character::isLetter)) {
            throw new ValidationException("weak_password", "password must mix letters with digits or symbols", field);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
