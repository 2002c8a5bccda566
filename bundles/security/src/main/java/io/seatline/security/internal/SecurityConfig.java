package io.seatline.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code seatline.security} (etc/seatline.security.cfg); the keys are public API. */
@ObjectClassDefinition(name = "Seatline security")
public @interface SecurityConfig {
    @AttributeDefinition(description = "Failed logins of an account from one address before that address is throttled for it; failing addresses that lock it")
    int maxFailedLogins() default 5;

    @AttributeDefinition(description = "Minutes an address stays throttled for an account, and an account stays locked")
    int lockMinutes() default 15;

    @AttributeDefinition(description = "Failed logins from one address within addressWindowSeconds before it gets 429")
    int addressMaxFailures() default 30;

    @AttributeDefinition(description = "The window of addressMaxFailures, in seconds")
    int addressWindowSeconds() default 60;

    @AttributeDefinition(description = "Minutes without a request after which a browser session of the web console ends")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(description = "Hours after sign-in at which a browser session ends however busy (a shift and its overtime)")
    int sessionMaxHours() default 12;

    @AttributeDefinition(description = "PBKDF2 iterations for new password hashes")
    int passwordIterations() default 210_000;

    @AttributeDefinition(description = "Minimum password length")
    int passwordMinLength() default 8;

    @AttributeDefinition(description = "Username of the first operator (created only when no operator exists)")
    String operatorUser() default "operator";

    @AttributeDefinition(description = "Password of the first operator (only used when no operator exists)", type = AttributeType.PASSWORD)
    String operatorPassword() default "operator-secret-1";
}
