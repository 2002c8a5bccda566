package io.seatline.security;

/** A newly issued token with its secret; the secret is not stored and cannot be shown again. */
public record IssuedToken(ApiToken token, String secret) {
}
