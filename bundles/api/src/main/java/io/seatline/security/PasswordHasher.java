package io.seatline.security;

/** Salted, slow password hashing. The stored form names its algorithm and parameters. */
public interface PasswordHasher {
    String hash(String password);

    boolean verify(String password, String stored);

    /** @throws io.seatline.core.ValidationException when the password breaks the policy */
    void checkPolicy(String password, String field);
}
