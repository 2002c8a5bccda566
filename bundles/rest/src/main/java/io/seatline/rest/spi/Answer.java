package io.seatline.rest.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an operation returning a {@code javax.ws.rs.core.Response} answers on success, for the OpenAPI document: its
 * status, and the type of the body ({@code Void} for none) or the media type of a file. Operations returning a
 * typed value need no annotation (200 with that value).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Answer {
    /** The success status: 201 for a create, 202 for work started, 204 for no body. */
    int status() default 200;

    /** The type of the body; {@code Void.class} for none. */
    Class<?> type() default Void.class;

    /** The media type of the body when it is a file (text/csv, audio/wav, application/pdf, text/event-stream). */
    String media() default "application/json";
}
