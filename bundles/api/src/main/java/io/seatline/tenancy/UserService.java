package io.seatline.tenancy;

import io.seatline.core.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Users of the tenant in context (or operator users, for the operator with no tenant). */
public interface UserService {

    User create(UserSpec spec);

    User update(String id, UserSpec spec);

    User get(String id);

    Page<User> list(int offset, int limit);

    void delete(String id);

    void changePassword(String id, String newPassword);

    /** For authentication: requires an operator context. */
    Optional<UserCredentials> credentials(String login);

    /**
     * Counts a failed login atomically and locks the account for {@code lockFor} when the count reaches
     * {@code maxFailures}; returns the lock's end, or null when not locked. Requires an operator context.
     */
    Instant recordLoginFailure(String userId, int maxFailures, Duration lockFor);

    /** Resets the failure count after a good password; returns the lock's end (login refused) if the account is locked. */
    Instant recordLoginSuccess(String userId);

    /** Bootstraps an operator user when none exists; returns true if one was created. */
    boolean ensureOperator(String username, String password);
}
