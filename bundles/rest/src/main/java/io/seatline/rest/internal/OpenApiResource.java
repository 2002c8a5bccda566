package io.seatline.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/**
 * The OpenAPI 3 document of the running API, generated from the JAX-RS annotations of the resources actually
 * deployed, so it cannot drift from the code.
 */
@Path("/openapi.json")
public class OpenApiResource {
    private final List<Class<?>> resources;
    private final String version;

    public OpenApiResource(List<Class<?>> resources, String version) {
        this.resources = resources;
        this.version = version;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Seatline API", "version", version,
            "description", "Multi-tenant contact-centre platform. Errors are {code, message, field?}. Lists are paged with offset/limit."));
        doc.put("servers", List.of(Map.of("url", "/api/v1")));
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Class<?> r : resources) {
            String base = path(r.getAnnotation(Path.class));
            for (Method m : r.getMethods()) {
                String verb = verb(m);
                if (verb == null) {
                    continue;
                }
                String p = join(base, path(m.getAnnotation(Path.class)));
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("operationId", r.getSimpleName().replace("Resource", "") + "_" + m.getName());
                op.put("tags", List.of(r.getSimpleName().replace("Resource", "")));
                List<Map<String, Object>> params = new ArrayList<>();
                for (Parameter prm : m.getParameters()) {
                    PathParam pp = prm.getAnnotation(PathParam.class);
                    QueryParam qp = prm.getAnnotation(QueryParam.class);
                    if (pp != null) {
                        params.add(Map.of("name", pp.value(), "in", "path", "required", true, "schema", schema(prm.getType(), schemas)));
                    } else if (qp != null) {
                        params.add(Map.of("name", qp.value(), "in", "query", "required", false, "schema", schema(prm.getType(), schemas)));
                    } else {
                        op.put("requestBody", Map.of("required", true, "content",
                            Map.of("application/json", Map.of("schema", schema(prm.getParameterizedType(), schemas)))));
                    }
                }
                if (!params.isEmpty()) {
                    op.put("parameters", params);
                }
                Map<String, Object> responses = new LinkedHashMap<>();
                Type ret = m.getGenericReturnType();
                if (ret == void.class || ret.getTypeName().equals("javax.ws.rs.core.Response")) {
                    responses.put("2XX", Map.of("description", "success"));
                } else {
                    responses.put("200", Map.of("description", "success", "content", Map.of("application/json", Map.of("schema", schema(ret, schemas)))));
                }
                Map<String, Object> err = Map.of("content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/ErrorBody"))));
                for (String[] e : new String[][] {{"400", "invalid input"}, {"401", "not authenticated"}, {"403", "forbidden"},
                    {"404", "not found"}, {"409", "conflict"}}) {
                    Map<String, Object> resp = new LinkedHashMap<>(err);
                    resp.put("description", e[1]);
                    responses.put(e[0], resp);
                }
                op.put("responses", responses);
                paths.computeIfAbsent(p, k -> new TreeMap<>()).put(verb, op);
            }
        }
        schema(ErrorBody.class, schemas);
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas,
            "securitySchemes", Map.of("basic", Map.of("type", "http", "scheme", "basic"), "token", Map.of("type", "http", "scheme", "bearer"))));
        doc.put("security", List.of(Map.of("basic", List.of()), Map.of("token", List.of())));
        return doc;
    }

    private static String verb(Method m) {
        for (Class<? extends Annotation> a : List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class)) {
            if (m.isAnnotationPresent(a)) {
                return a.getSimpleName().toLowerCase();
            }
        }
        return null;
    }

    private static String path(Path p) {
        return p == null ? "" : p.value();
    }

    private static String join(String a, String b) {
        String s = ("/" + a + "/" + b).replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Map<String, Object> schema(Type type, Map<String, Object> schemas) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type arg = pt.getActualTypeArguments()[0];
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(arg, schemas));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object");
            }
            if (raw.getSimpleName().equals("Page")) {
                return Map.of("type", "object", "properties", Map.of("items", Map.of("type", "array", "items", schema(arg, schemas)),
                    "total", Map.of("type", "integer"), "offset", Map.of("type", "integer"), "limit", Map.of("type", "integer")));
            }
            return schema(raw, schemas);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return Map.of("type", "integer");
        }
        if (c == Boolean.class || c == boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object v : c.getEnumConstants()) {
                values.add(v.toString());
            }
            return Map.of("type", "string", "enum", values);
        }
        if (Set.class.isAssignableFrom(c) || List.class.isAssignableFrom(c)) {
            return Map.of("type", "array", "items", Map.of("type", "string"));
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of());
                Map<String, Object> props = new LinkedHashMap<>();
                for (RecordComponent rc : c.getRecordComponents()) {
                    props.put(rc.getName(), schema(rc.getGenericType(), schemas));
                }
                schemas.put(name, Map.of("type", "object", "additionalProperties", false, "properties", props));
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        return Map.of("type", "object");
    }
}
