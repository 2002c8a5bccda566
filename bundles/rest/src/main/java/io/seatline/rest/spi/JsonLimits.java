package io.seatline.rest.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.MapType;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The limits of every field of every request body, in one place.
 * <ul>
 * <li>A text is at most {@value #SHORT} characters; a free text (a field named as in {@link #LONG_FIELDS}: notes,
 * descriptions, comments, article bodies, scripts) at most {@value #LONG}.</li>
 * <li>No control characters (U+0000–U+001F, U+007F–U+009F); free texts may hold line breaks and tabs.</li>
 * <li>A list or object holds at most {@value #ITEMS} entries.</li>
 * </ul>
 * Numbers are bounded by the services (they know the unit); query parameters by {@code Page.window} and
 * {@link io.seatline.rest.spi.Requests}. A breach is a 400 naming the field.
 */
public final class JsonLimits {
    public static final int SHORT = 1_000;
    public static final int LONG = 100_000;
    public static final int ITEMS = 1_000;
    /** The largest JSON body, in bytes (files — CSV, WAV, attachments — are bounded by their operations). */
    public static final int BODY = 2 * 1024 * 1024;
    /** Fields holding free text written by people. */
    public static final Set<String> LONG_FIELDS = Set.of("text", "body", "content", "description", "note", "notes", "comment",
        "resolution", "outcome", "script", "summary", "answer", "html", "template", "message", "steps", "feedback", "reason");

    private JsonLimits() {
    }

    /** A breach of a limit: the field is the JSON path Jackson adds on the way out. */
    public static final class LimitException extends JsonMappingException {
        private final String code;

        LimitException(JsonParser p, String code, String message) {
            super(p, message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Why a text breaks the limits: {@code too_long} or {@code control_character}, and the detail. */
    public record Breach(String code, String message) {
    }

    /** Checks one text against the limits of {@code field}; {@code null} when it is fine. */
    public static Breach check(String field, String value) {
        boolean free = field != null && LONG_FIELDS.contains(field);
        int max = free ? LONG : SHORT;
        if (value.length() > max) {
            return new Breach("too_long", "at most " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(free && (c == '\n' || c == '\r' || c == '\t'))) {
                return new Breach("control_character", "control character U+" + String.format("%04X", (int) c) + " at position " + i);
            }
        }
        return null;
    }

    static final class Modifier extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deserializer) {
            return java.time.temporal.TemporalAccessor.class.isAssignableFrom(desc.getBeanClass()) || desc.getBeanClass() == java.time.Duration.class
                ? new TextOnly(deserializer) : deserializer;
        }

        @Override
        public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, com.fasterxml.jackson.databind.type.ArrayType type,
                                                           BeanDescription desc, JsonDeserializer<?> deserializer) {
            return new Bounded(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type, BeanDescription desc,
                                                                JsonDeserializer<?> deserializer) {
            return new Bounded(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type, BeanDescription desc,
                                                         JsonDeserializer<?> deserializer) {
            return new Bounded(deserializer);
        }
    }

    /** A text: only a JSON string, within the limits of its field. */
    static final class Text extends StdDeserializer<String> implements ContextualDeserializer {
        private final String field;

        Text(String field) {
            super(String.class);
            this.field = field;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new Text(property == null ? null : property.getName());
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String s = p.getText();
            Breach breach = check(field, s);
            if (breach != null) {
                throw new LimitException(p, breach.code(), breach.message());
            }
            return s;
        }
    }

    /** A date, time or duration: only as a JSON text (2026-11-23, 2026-11-23T08:00:00Z, PT30S), never an epoch number. */
    static final class TextOnly extends com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer {
        TextOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new TextOnly(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            return super.deserialize(p, ctxt);
        }
    }

    /** A list or map of at most {@link #ITEMS} entries. */
    static final class Bounded extends com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer {
        Bounded(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Bounded(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            int size = value instanceof Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size() : 0;
            if (size > ITEMS) {
                throw new LimitException(p, "too_many_items", "at most " + ITEMS + " entries");
            }
            return value;
        }
    }
}
