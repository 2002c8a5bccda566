package io.seatline.telephony.internal.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SIP digest authentication (RFC 2617 / 3261 §22.4) with stateless nonces: a nonce is its issue time signed with
 * a per-node secret, so nothing is stored per challenge and stale nonces are recognised.
 */
public final class Digest {
    private final byte[] secret = new byte[32];
    private final long nonceTtlMillis;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.atomic.AtomicLong counter = new java.util.concurrent.atomic.AtomicLong();

    Digest(long nonceTtlMillis) {
        random.nextBytes(secret);
        this.nonceTtlMillis = nonceTtlMillis;
    }

    public static String ha1(String user, String realm, String password) {
        return md5(user + ":" + realm + ":" + password);
    }

    /**
     * A new nonce: issue time, a per-node counter and 64 random bits, signed. Two challenges in the same millisecond
     * never share a nonce (a nonce serves one REGISTER), and nonces cannot be predicted.
     */
    String nonce() {
        long r = random.nextLong();
        String t = Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(counter.incrementAndGet(), 36) + "-"
            + Long.toUnsignedString(r, 36);
        return t + "." + sign(t);
    }

    /** Whether {@code nonce} was issued by this node and is younger than the TTL. */
    boolean fresh(String nonce) {
        if (nonce == null) {
            return false;
        }
        int dot = nonce.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String t = nonce.substring(0, dot);
        if (!MessageDigest.isEqual(sign(t).getBytes(StandardCharsets.US_ASCII), nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            int dash = t.indexOf('-');
            long issued = Long.parseLong(dash < 0 ? t : t.substring(0, dash), 36);
            long age = System.currentTimeMillis() - issued;
            return age >= 0 && age < nonceTtlMillis;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The expected digest response; {@code qop} null for RFC 2069 style. */
    static String response(String ha1, String method, String uri, String nonce, String qop, String nc, String cnonce) {
        String ha2 = md5(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return md5(ha1 + ":" + nonce + ":" + ha2);
        }
        return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    private String sign(String t) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal(t.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig).substring(0, 22);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
