package io.seatline.rest.spi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of the API, shared by the kernel's provider and by resources that stream (server-sent events).
 * Reading is strict: unknown fields, nulls for primitives, trailing tokens and wrong JSON types are refused (a number
 * is not a text, {@code "12"} is not a number, {@code "maybe"} is not a boolean), and every text and list is held to
 * the limits of {@link JsonLimits} — the one place where field limits are defined.
 */
public final class Json {
    /** Thread-safe once configured. */
    public static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        JsonMapper m = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // dates are texts (2026-11-23), never epoch numbers
            .defaultLeniency(false)
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("seatline-limits").setDeserializerModifier(new JsonLimits.Modifier())
                .addDeserializer(String.class, new JsonLimits.Text(null)))
            .build();
        // a JSON number, boolean or empty text is never silently turned into a text, a number or a flag
        for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
            LogicalType.Enum, LogicalType.DateTime}) {
            m.coercionConfigFor(t)
                .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, t == LogicalType.Textual || t == LogicalType.Enum || t == LogicalType.DateTime
                    ? CoercionAction.TryConvert : CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return m;
    }
}
