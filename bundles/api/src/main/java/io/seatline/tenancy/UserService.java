package io.seatline.tenancy;

import io.seatline.core.Page;
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

    /** Records a login attempt's outcome (failed-login counter and lock); requires an operator context. */
    void recordLogin(String userId, boolean success, Instant lockedUntil);

    /** Bootstraps an operator user when none exists; returns true if one was created. */
    boolean ensureOperator(String username, String password);
}
