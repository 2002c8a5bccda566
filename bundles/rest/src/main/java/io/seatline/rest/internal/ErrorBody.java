package io.seatline.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every error answer of the API: a stable code, a human message and, for input errors, the field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, String field) {

    /** The code of an answer that only has an HTTP status (refused by JAX-RS or by the web server). */
    static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            default -> status < 500 ? "bad_request" : "internal_error";
        };
    }
}
