package io.seatline.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ParamConverter;
import javax.ws.rs.ext.ParamConverterProvider;

/**
 * Strict parsing of number and flag parameters: {@code limit=abc} or {@code force=maybe} is a 400 naming the
 * parameter ({@code invalid_parameter}), not the 404 JAX-RS gives by default nor a silent {@code false}.
 */
public class ParamConverters implements ParamConverterProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> raw, Type generic, Annotation[] annotations) {
        String name = name(annotations);
        if (raw == Integer.class) {
            return (ParamConverter<T>) converter(name, "an integer", Integer::valueOf);
        }
        if (raw == Long.class) {
            return (ParamConverter<T>) converter(name, "an integer", Long::valueOf);
        }
        if (raw == Boolean.class) {
            return (ParamConverter<T>) converter(name, "true or false", s -> switch (s) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(s);
            });
        }
        return null;
    }

    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
        }
        return null;
    }

    private static <V> ParamConverter<V> converter(String name, String what, Function<String, V> parse) {
        return new ParamConverter<>() {
            @Override
            public V fromString(String value) {
                try {
                    return value == null ? null : parse.apply(value.strip());
                } catch (RuntimeException e) {
                    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
                    throw new BadRequestException(Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ErrorBody("invalid_parameter", (name == null ? "a parameter" : "parameter '" + name + "'") + " must be "
                            + what + ", not '" + shown + "'", name)).build());
                }
            }

            @Override
            public String toString(V value) {
                return String.valueOf(value);
            }
        };
    }
}
