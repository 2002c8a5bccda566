package io.seatline.rest.internal;

import static io.seatline.rest.internal.OpenApiSchemas.map;

import io.seatline.rest.spi.Answer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The OpenAPI 3 document of the running API, generated from the JAX-RS annotations of the resources actually
 * deployed, so it cannot drift from the code. Operations returning a {@link Response} declare their success answer
 * with {@link Answer}. The document is meant for client generators: unique operation ids, a schema for every body,
 * required fields, and the public operations marked as such ({@code security: []}). docs/openapi.json is this
 * document for the example distribution (ApiContractIT fails when it is stale).
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
        OpenApiSchemas schemas = new OpenApiSchemas();
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        Set<String> tags = new TreeSet<>();
        List<Class<?>> all = new ArrayList<>(resources);
        all.add(OpenApiResource.class);
        // the document does not depend on the order the resources were registered in
        all.sort(java.util.Comparator.comparing(Class::getName));
        for (Class<?> r : all) {
            String base = path(r.getAnnotation(Path.class));
            String tag = tag(r);
            Method[] methods = r.getMethods();
            Arrays.sort(methods, (a, b) -> (a.getName() + a.getParameterCount()).compareTo(b.getName() + b.getParameterCount()));
            for (Method m : methods) {
                String verb = verb(m);
                if (verb == null) {
                    continue;
                }
                tags.add(tag);
                String p = join(base, path(m.getAnnotation(Path.class)));
                Map<String, Object> op = new LinkedHashMap<>();
                String id = camel(tag + " " + m.getName());
                for (int n = 2; !ids.add(id); n++) {
                    id = id.replaceAll("\\d+$", "") + n;
                }
                op.put("operationId", id);
                op.put("summary", tag + ": " + words(m.getName()));
                op.put("tags", List.of(tag));
                List<Map<String, Object>> params = new ArrayList<>();
                for (Parameter prm : m.getParameters()) {
                    PathParam pp = prm.getAnnotation(PathParam.class);
                    QueryParam qp = prm.getAnnotation(QueryParam.class);
                    HeaderParam hp = prm.getAnnotation(HeaderParam.class);
                    if (pp != null) {
                        params.add(map("name", pp.value(), "in", "path", "required", true, "schema", schemas.of(prm.getParameterizedType(), false)));
                    } else if (qp != null) {
                        params.add(map("name", qp.value(), "in", "query", "required", false, "schema", schemas.of(prm.getParameterizedType(), false)));
                    } else if (hp != null) {
                        params.add(map("name", hp.value(), "in", "header", "required", false, "schema", schemas.of(prm.getType(), false)));
                    } else if (prm.getAnnotations().length == 0 && !verb.equals("get") && !verb.equals("delete")) {
                        Map<String, Object> content = new LinkedHashMap<>();
                        Map<String, Object> schema = schemas.of(prm.getParameterizedType(), true);
                        for (String type : consumes(r, m)) {
                            content.put(type, map("schema", schema));
                        }
                        op.put("requestBody", map("required", true, "content", content));
                    }
                }
                if (!params.isEmpty()) {
                    op.put("parameters", params);
                }
                boolean session = r == SessionResource.class;
                op.put("responses", responses(m, schemas, AuthFilter.isPublic(p) && !session));
                if (session) {
                    op.put("security", verb.equals("post") ? List.of() : List.of(map("cookie", List.of())));
                } else if (AuthFilter.isPublic(p)) {
                    op.put("security", List.of());
                }
                paths.computeIfAbsent(p, k -> new TreeMap<>()).put(verb, op);
            }
        }
        schemas.of(ErrorBody.class, false);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", map("title", "Seatline API", "version", version,
            "description", "Multi-tenant contact-centre platform. Every error is {code, message, field?} (docs/errors.md). Lists are paged "
                + "with offset/limit (limit 1–500); lists that sort take sort=field or sort=-field (descending), an unknown field answers "
                + "400 invalid_sort naming the fields. Texts are at most 1,000 characters (free texts 100,000), lists at most 1,000 entries; "
                + "control characters, unknown fields and wrong JSON types are refused.",
            "license", map("name", "Proprietary", "url", "https://seatline.io/license")));
        doc.put("servers", List.of(map("url", "/api/v1")));
        doc.put("tags", tags.stream().map(t -> map("name", t, "description", "Operations of " + t)).toList());
        doc.put("paths", paths);
        doc.put("components", map("schemas", schemas.schemas,
            "securitySchemes", map("basic", map("type", "http", "scheme", "basic"), "token", map("type", "http", "scheme", "bearer"),
            "cookie", map("type", "apiKey", "in", "cookie", "name", io.seatline.security.WebSession.COOKIE,
                "description", "The web console's session (POST /session); a write must also carry its csrfToken in the "
                    + io.seatline.security.WebSession.CSRF_HEADER + " header"))));
        doc.put("security", List.of(map("basic", List.of()), map("token", List.of()), map("cookie", List.of())));
        return doc;
    }

    private static Map<String, Object> responses(Method m, OpenApiSchemas schemas, boolean isPublic) {
        Map<String, Object> responses = new LinkedHashMap<>();
        Answer a = m.getAnnotation(Answer.class);
        Type ret = m.getGenericReturnType();
        if (a != null) {
            Map<String, Object> r = map("description", a.status() == 201 ? "created" : a.status() == 202 ? "accepted" : "success");
            if (a.type() != Void.class) {
                Map<String, Object> schema = schemas.of(a.type(), false);
                r.put("content", map(a.media(), map("schema", schema)));
            } else if (!a.media().equals(MediaType.APPLICATION_JSON)) {
                r.put("content", map(a.media(), map("schema", a.media().startsWith("text/") ? map("type", "string")
                    : map("type", "string", "format", "binary"))));
            }
            responses.put(String.valueOf(a.status()), r);
        } else if (ret == void.class) {
            responses.put("204", map("description", "done"));
        } else if (ret == Response.class) {
            responses.put("200", map("description", "success"));
        } else {
            responses.put("200", map("description", "success", "content", map("application/json", map("schema", schemas.of(ret, false)))));
        }
        String[][] errors = isPublic ? new String[][] {{"400", "invalid input"}, {"404", "not found"}}
            : new String[][] {{"400", "invalid input"}, {"401", "not authenticated"}, {"403", "forbidden"}, {"404", "not found"}, {"409", "conflict"}};
        for (String[] e : errors) {
            responses.put(e[0], map("description", e[1], "content", map("application/json", map("schema", map("$ref", "#/components/schemas/ErrorBody")))));
        }
        return responses;
    }

    /** The media types of a body: JSON, or the declared file types (a wildcard alone is any file). */
    private static List<String> consumes(Class<?> r, Method m) {
        Consumes c = m.getAnnotation(Consumes.class) != null ? m.getAnnotation(Consumes.class) : r.getAnnotation(Consumes.class);
        List<String> types = c == null ? List.of(MediaType.APPLICATION_JSON)
            : Arrays.stream(c.value()).flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(v -> !v.equals(MediaType.WILDCARD)).toList();
        return types.isEmpty() ? List.of(MediaType.APPLICATION_OCTET_STREAM) : types;
    }

    /** A resource's tag: its enclosing class for nested resources (BlacklistResource.Tenant → "Blacklist tenant"). */
    private static String tag(Class<?> r) {
        Class<?> outer = r.getEnclosingClass();
        String name = (outer != null ? outer.getSimpleName().replace("Resource", "") + " " + r.getSimpleName().toLowerCase()
            : r.getSimpleName().replace("Resource", ""));
        return name.equals("OpenApi") ? "Meta" : name;
    }

    /** "Crm customers create" → crmCustomersCreate. */
    private static String camel(String words) {
        StringBuilder b = new StringBuilder();
        for (String w : words.split(" ")) {
            b.append(b.length() == 0 ? Character.toLowerCase(w.charAt(0)) : Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
    }

    private static String words(String camel) {
        String w = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
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
        return p == null ? "" : p.value().replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
    }

    private static String join(String a, String b) {
        String s = ("/" + a + "/" + b).replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
