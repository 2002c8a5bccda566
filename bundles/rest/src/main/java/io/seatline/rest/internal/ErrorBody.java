package io.seatline.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every error answer of the API: a stable code, a human message and, for input errors, the field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, String field) {
}
