package io.seatline.rest.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.seatline.rest.spi.Json;
import io.seatline.rest.spi.JsonLimits;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The schemas of the OpenAPI document, from the Java types of the resources. A record used in a request body gets
 * an {@code …Input} schema (only its primitive fields required, texts bounded by {@link JsonLimits}); in a response
 * every field is required (the JSON always carries it) and may be null unless primitive.
 */
final class OpenApiSchemas {
    final Map<String, Object> schemas = new TreeMap<>();
    private final Map<String, Class<?>> owners = new LinkedHashMap<>();

    Map<String, Object> of(Type type, boolean input) {
        return of(type, input, null);
    }

    private Map<String, Object> of(Type type, boolean input, String field) {
        if (type instanceof WildcardType w) {
            return of(w.getUpperBounds()[0], input, field);
        }
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                Map<String, Object> s = map("type", "array", "items", of(args[0], input, field));
                if (input) {
                    s.put("maxItems", JsonLimits.ITEMS);
                }
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> s = map("type", "object", "additionalProperties", of(args[1], input, field));
                if (input) {
                    s.put("maxProperties", JsonLimits.ITEMS);
                }
                return s;
            }
            if (raw.getSimpleName().equals("Page")) {
                return map("type", "object", "required", List.of("items", "total", "offset", "limit"), "properties", map(
                    "items", map("type", "array", "items", of(args[0], input, null)), "total", map("type", "integer", "format", "int64"),
                    "offset", map("type", "integer", "format", "int32"), "limit", map("type", "integer", "format", "int32")));
            }
            return of(raw, input, field);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == Character.class || c == char.class) {
            Map<String, Object> s = map("type", "string");
            if (input) {
                s.put("maxLength", field != null && JsonLimits.LONG_FIELDS.contains(field) ? JsonLimits.LONG : JsonLimits.SHORT);
            }
            return s;
        }
        if (c == Integer.class || c == int.class || c == Short.class || c == short.class || c == Byte.class || c == byte.class) {
            return map("type", "integer", "format", "int32");
        }
        if (c == Long.class || c == long.class || c == BigInteger.class) {
            return map("type", "integer", "format", "int64");
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return map("type", "number", "format", "double");
        }
        if (c == BigDecimal.class) {
            return map("type", "number", "description", "an exact decimal (money: in the currency given beside it)");
        }
        if (c == Boolean.class || c == boolean.class) {
            return map("type", "boolean");
        }
        if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class) {
            return map("type", "string", "format", "date-time");
        }
        if (c == LocalDateTime.class) {
            return map("type", "string", "description", "a local date-time, yyyy-MM-ddTHH:mm:ss");
        }
        if (c == LocalDate.class) {
            return map("type", "string", "format", "date");
        }
        if (c == LocalTime.class) {
            return map("type", "string", "pattern", "^\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$", "description", "a local time, HH:mm");
        }
        if (c == Duration.class) {
            return map("type", "string", "description", "an ISO-8601 duration such as PT30S");
        }
        if (c == ZoneId.class) {
            return map("type", "string", "description", "an IANA time zone such as Asia/Shanghai");
        }
        if (c == UUID.class) {
            return map("type", "string", "format", "uuid");
        }
        if (c == byte[].class || InputStream.class.isAssignableFrom(c)) {
            return map("type", "string", "format", input && InputStream.class.isAssignableFrom(c) ? "binary" : "byte");
        }
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object v : c.getEnumConstants()) {
                values.add(((Enum<?>) v).name());
            }
            return map("type", "string", "enum", values);
        }
        if (c.isArray()) {
            return map("type", "array", "items", of(c.getComponentType(), input, field));
        }
        if (Collection.class.isAssignableFrom(c)) {
            return map("type", "array", "items", map());
        }
        if (Map.class.isAssignableFrom(c) || c == Object.class || JsonNode.class.isAssignableFrom(c)) {
            return c == Object.class ? map() : map("type", "object", "additionalProperties", true);
        }
        return ref(c, input);
    }

    private Map<String, Object> ref(Class<?> c, boolean input) {
        String name = name(c) + (input ? "Input" : "");
        if (!schemas.containsKey(name)) {
            schemas.put(name, Map.of());
            Map<String, Object> props = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    property(props, required, rc.getName(), rc.getGenericType(), rc.getType().isPrimitive(), input);
                }
            } else {
                BeanDescription d = input ? Json.MAPPER.getDeserializationConfig().introspect(Json.MAPPER.constructType(c))
                    : Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(c));
                for (BeanPropertyDefinition p : d.findProperties()) {
                    Type t = input ? (p.hasSetter() ? p.getSetter().getParameterType(0) : p.getPrimaryType()) : p.getPrimaryType();
                    property(props, required, p.getName(), t, p.getRawPrimaryType().isPrimitive(), input);
                }
            }
            Map<String, Object> s = map("type", "object", "additionalProperties", false, "properties", props);
            if (!required.isEmpty()) {
                s.put("required", required);
            }
            schemas.put(name, s);
        }
        return map("$ref", "#/components/schemas/" + name);
    }

    private void property(Map<String, Object> props, List<String> required, String name, Type type, boolean primitive, boolean input) {
        Map<String, Object> s = of(type, input, name);
        if (!input && !primitive && !s.containsKey("$ref")) {
            s = new LinkedHashMap<>(s);
            s.put("nullable", true);
        }
        props.put(name, s);
        if (primitive || !input) {
            required.add(name);
        }
    }

    /** A schema name unique in the document: the simple name, qualified by its enclosing class when two types share it. */
    private String name(Class<?> c) {
        // a nested type is always named with its enclosing type (CustomerImport.Rejected → CustomerImportRejected), so
        // the names do not depend on the order the resources were registered in
        String simple = c.getEnclosingClass() != null ? c.getEnclosingClass().getSimpleName() + c.getSimpleName() : c.getSimpleName();
        Class<?> owner = owners.putIfAbsent(simple, c);
        if (owner == null || owner == c) {
            return simple;
        }
        String qualified = c.getPackageName().replaceAll(".*\\.", "") + simple;
        owners.putIfAbsent(qualified, c);
        return qualified;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
