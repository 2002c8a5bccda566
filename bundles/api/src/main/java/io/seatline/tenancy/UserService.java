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

    /** The users, by login; {@code text} (part of a login, user name or display name) and {@code role} narrow them, each optional. */
    default Page<User> search(String text, String role, int offset, int limit) {
        return search(text, role, null, offset, limit);
    }

    /** As {@link #search(String, String, int, int)}, ordered by {@code sort}: login, name, enabled or created (null: login). */
    Page<User> search(String text, String role, io.seatline.core.Sort sort, int offset, int limit);

    default Page<User> list(int offset, int limit) {
        return search(null, null, offset, limit);
    }

    void delete(String id);

    /** Sets another user's password (an admin's reset); one's own needs {@link #changePassword(String, String, String)}. */
    default void changePassword(String id, String newPassword) {
        changePassword(id, newPassword, null);
    }

    /**
     * Changes a password. One's own password is changed only with the current one ({@code currentPassword}: 400
     * {@code current_password_required} without it, 403 {@code invalid_current_password} when wrong), and never through
     * an API token; another user's needs {@code users:write} and no current password.
     */
    void changePassword(String id, String newPassword, String currentPassword);

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
