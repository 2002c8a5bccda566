package io.seatline.security.internal;

import io.seatline.core.TooManyRequestsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What keeps password guessing slow and cheap to refuse, in memory (one node):
 * <ul>
 * <li><b>Per address</b>: after {@code addressMaxFailures} failed logins from one address within a window, every
 * further attempt from it gets 429 with Retry-After until the window ends — before any password is hashed, so a
 * flood costs no CPU. Unknown user names count like wrong passwords.</li>
 * <li><b>Per account and address</b>: after {@code maxFailedLogins} failures of one login from one address, that
 * address may not try that login again for {@code lockMinutes} (429 with Retry-After) — the right password from
 * elsewhere still works, so one attacker cannot lock anyone out. The account itself is locked only when failures come
 * from {@code maxFailedLogins} different addresses (a distributed guess): only an address's first failure since the
 * login's last success counts towards the lock, so no single address can ever lock an account.</li>
 * <li><b>Per account, atomically</b>: attempts at one login that need the slow hash run one at a time, so N parallel
 * guesses cannot all pass the throttle and lock checks before the first failure is counted.</li>
 * <li><b>Unknown names</b> are locked like accounts after the same number of failures (identical answers: a lock-out
 * does not reveal which logins exist).</li>
 * <li><b>Verified credentials</b>: a login and password that verified within {@code VERIFIED_TTL} are recognised by a
 * salted SHA-256 instead of PBKDF2, so legitimate clients sending HTTP Basic with every request cost one slow hash
 * a minute; the entry dies with a password change (it is bound to the stored hash) and on any failure.</li>
 * <li><b>Audit aggregation</b>: the first failure of a login from an address in a minute is audited, the rest counted
 * into the next row.</li>
 * </ul>
 */
final class LoginGuard {
    static final Duration VERIFIED_TTL = Duration.ofSeconds(60);
    private static final Duration AUDIT_WINDOW = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final byte[] salt = new byte[16];
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private final Map<String, Window> addresses = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Map<String, Unknown> unknown = new ConcurrentHashMap<>();
    private final Map<String, Window> audits = new ConcurrentHashMap<>();
    /** failures per login and address */
    private final Map<String, Window> pairs = new ConcurrentHashMap<>();
    /** per login: the addresses whose failures counted towards its lock since its last success */
    private final Map<String, java.util.Set<String>> counted = new ConcurrentHashMap<>();
    private volatile int addressMaxFailures;
    private volatile Duration addressWindow;
    private volatile int pairMaxFailures = 5;
    private volatile Duration pairWindow = Duration.ofMinutes(15);

    LoginGuard(Clock clock, int addressMaxFailures, Duration addressWindow) {
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock(true);
        }
        configure(addressMaxFailures, addressWindow);
    }

    void configure(int maxFailures, Duration window) {
        this.addressMaxFailures = Math.max(1, maxFailures);
        this.addressWindow = window;
    }

    /** How many failures of one login one address may have before it is throttled for that login, and for how long. */
    void configurePair(int maxFailures, Duration window) {
        this.pairMaxFailures = Math.max(1, maxFailures);
        this.pairWindow = window;
    }

    /** 429 when the address has used up its failures for this login (the same for unknown logins). */
    void checkPair(String login, String address) {
        if (address == null) {
            return;
        }
        Window w = pairs.get(pairKey(login, address));
        Instant now = clock.instant();
        if (w != null && w.count() >= pairMaxFailures && now.isBefore(w.start().plus(pairWindow))) {
            Instant until = w.start().plus(pairWindow);
            throw new TooManyRequestsException("too_many_attempts", "too many failed logins of " + login
                + " from this address; try again after " + until, Duration.between(now, until).toSeconds() + 1);
        }
    }

    /** Counts a failure of {@code login} from {@code address}; the failures of the pair in its window, this one included. */
    int pairFailed(String login, String address) {
        return address == null ? 1 : count(pairs, pairKey(login, address), pairWindow);
    }

    int pairMaxFailures() {
        return pairMaxFailures;
    }

    /**
     * Whether this failure of {@code login} counts towards its lock: the first from {@code address} since the login's
     * last success does (and every failure without an address, the console's).
     */
    boolean countsTowardsLock(String login, String address) {
        if (address == null) {
            return true;
        }
        if (counted.size() > MAX_ENTRIES) {
            counted.clear();
        }
        return counted.computeIfAbsent(login.toLowerCase(java.util.Locale.ROOT), k -> ConcurrentHashMap.newKeySet()).add(network(address));
    }

    /** The login signed in: its failing addresses start again. */
    void succeeded(String login) {
        counted.remove(login.toLowerCase(java.util.Locale.ROOT));
    }

    private static String pairKey(String login, String address) {
        return login.toLowerCase(java.util.Locale.ROOT) + "|" + network(address);
    }

    /** An IPv6 client is counted by its /64 (one subscriber's network holds endless addresses); IPv4 by its address. */
    static String network(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // a literal (the servlet container's remote address): parsed, never looked up
            byte[] b = java.net.InetAddress.getByName(address.replaceAll("%.*$", "")).getAddress();
            if (b.length != 16) {
                return address;
            }
            return String.format("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    private record Window(Instant start, int count) {
    }

    private record Verified(String digest, String storedHash, Instant until) {
    }

    private record Unknown(int failures, Instant lockedUntil) {
    }

    /** 429 when the address has used up its failures for the window. */
    void checkAddress(String address) {
        if (address == null) {
            return;
        }
        Window w = addresses.get(address);
        Instant now = clock.instant();
        if (w != null && w.count() >= addressMaxFailures && now.isBefore(w.start().plus(addressWindow))) {
            long wait = Duration.between(now, w.start().plus(addressWindow)).toSeconds() + 1;
            throw new TooManyRequestsException("too_many_attempts", "too many failed logins from this address; try again in " + wait + " s", wait);
        }
    }

    void addressFailed(String address) {
        if (address != null) {
            count(addresses, address, addressWindow);
        }
    }

    /** Counts one event in the current window of {@code key}; the count including it. */
    private int count(Map<String, Window> windows, String key, Duration window) {
        Instant now = clock.instant();
        if (windows.size() > MAX_ENTRIES) {
            windows.values().removeIf(w -> now.isAfter(w.start().plus(window)));
        }
        return windows.compute(key, (k, w) -> w == null || now.isAfter(w.start().plus(window)) ? new Window(now, 1)
            : new Window(w.start(), w.count() + 1)).count();
    }

    /** Runs {@code work} while no other slow check of the same login runs; 429 if one takes too long. */
    <T> T exclusive(String login, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(login.toLowerCase().hashCode(), stripes.length)];
        try {
            if (!lock.tryLock(10, TimeUnit.SECONDS)) {
                throw new TooManyRequestsException("too_many_attempts", "too many concurrent logins for this account; try again shortly", 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TooManyRequestsException("too_many_attempts", "interrupted", 1);
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    boolean isVerified(String login, String password, String storedHash) {
        Verified v = verified.get(login);
        return v != null && v.storedHash().equals(storedHash) && clock.instant().isBefore(v.until())
            && MessageDigest.isEqual(v.digest().getBytes(StandardCharsets.UTF_8), digest(login, password).getBytes(StandardCharsets.UTF_8));
    }

    void rememberVerified(String login, String password, String storedHash) {
        if (verified.size() > MAX_ENTRIES) {
            Instant now = clock.instant();
            verified.values().removeIf(v -> now.isAfter(v.until()));
        }
        verified.put(login, new Verified(digest(login, password), storedHash, clock.instant().plus(VERIFIED_TTL)));
    }

    void forget(String login) {
        verified.remove(login);
    }

    /** Until when an unknown login is "locked", or null. */
    Instant unknownLockedUntil(String login) {
        Unknown u = unknown.get(login.toLowerCase());
        return u != null && u.lockedUntil() != null && clock.instant().isBefore(u.lockedUntil()) ? u.lockedUntil() : null;
    }

    /** Counts a failure of an unknown login like an account's; until when it is now locked, or null. */
    Instant unknownFailed(String login, int maxFailed, Duration lock) {
        Instant now = clock.instant();
        if (unknown.size() > MAX_ENTRIES) {
            unknown.clear();
        }
        Unknown u = unknown.compute(login.toLowerCase(), (k, old) -> {
            int failures = (old == null || (old.lockedUntil() != null && now.isAfter(old.lockedUntil())) ? 0 : old.failures()) + 1;
            return new Unknown(failures, failures >= maxFailed ? now.plus(lock) : null);
        });
        return u.lockedUntil();
    }

    /** Whether this failure of {@code login} from {@code address} gets its own audit row; >0: how many came before it unaudited. */
    int auditable(String login, String address) {
        int n = count(audits, login + "|" + address, AUDIT_WINDOW);
        return n == 1 ? 1 : (n % 100 == 0 ? n : 0);
    }

    private String digest(String login, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(login.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
