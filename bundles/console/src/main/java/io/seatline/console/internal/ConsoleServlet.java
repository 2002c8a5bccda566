package io.seatline.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the web console's files (built by Vite into this bundle's {@code console-web/}) under {@code /console}. A path
 * that is not a file is one of the console's own routes and gets {@code index.html} (the page routes in the browser).
 * Hashed assets are cached for a year; {@code index.html} never, so a new build is picked up at the next load.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/console/*",
    "osgi.http.whiteboard.servlet.name=seatline-console"})
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "console-web";
    private static final Map<String, String> TYPES = Map.ofEntries(
        Map.entry("html", "text/html; charset=UTF-8"),
        Map.entry("js", "text/javascript; charset=UTF-8"),
        Map.entry("mjs", "text/javascript; charset=UTF-8"),
        Map.entry("css", "text/css; charset=UTF-8"),
        Map.entry("json", "application/json; charset=UTF-8"),
        Map.entry("svg", "image/svg+xml"),
        Map.entry("png", "image/png"),
        Map.entry("ico", "image/x-icon"),
        Map.entry("woff2", "font/woff2"),
        Map.entry("txt", "text/plain; charset=UTF-8"));
    /**
     * Only this origin's scripts; inline styles are allowed because Ant Design writes its CSS at run time; no framing
     * (no click-jacking of call controls).
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /**
     * The CJK font the distribution ships (fonts/, for invoice PDFs), also offered to browsers that have no Chinese font
     * of their own: the page lists the usual system fonts first, so a browser downloads this one only when none of them
     * has the characters (its @font-face covers CJK ranges only).
     */
    static final String CJK_FONT = "/fonts/NotoSansSC-Regular.ttf";

    private transient Bundle bundle;

    @Activate
    void activate(BundleContext bc) {
        bundle = bc.getBundle();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    private static void serveFont(HttpServletResponse resp, boolean body) throws IOException {
        java.nio.file.Path font = java.nio.file.Paths.get(System.getProperty("karaf.home", "."), "fonts", "NotoSansSC-Regular.ttf");
        if (!java.nio.file.Files.isRegularFile(font)) {
            resp.setStatus(404);
            return;
        }
        resp.setContentType("font/ttf");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "public, max-age=604800");
        resp.setContentLengthLong(java.nio.file.Files.size(font));
        if (body) {
            try (OutputStream out = resp.getOutputStream()) {
                java.nio.file.Files.copy(font, out);
            }
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            // /console without the slash: the page's relative asset paths need it
            resp.sendRedirect(req.getContextPath() + "/console/");
            return;
        }
        if (path.equals(CJK_FONT)) {
            serveFont(resp, body);
            return;
        }
        URL file = path.equals("/") || path.contains("..") || path.contains("\\") ? null : bundle.getEntry(ROOT + path);
        boolean asset = file != null && !path.endsWith("/");
        if (!asset) {
            if (path.startsWith("/assets/")) {
                resp.setStatus(404); // a missing asset is an error, not a route
                resp.setContentType("text/plain; charset=UTF-8");
                resp.getWriter().write("not found");
                return;
            }
            file = bundle.getEntry(ROOT + "/index.html");
            path = "/index.html";
        }
        if (file == null) {
            resp.sendError(503, "the console is not built into this bundle");
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "same-origin");
        if (path.startsWith("/assets/")) {
            resp.setHeader("Cache-Control", "public, max-age=31536000, immutable"); // names carry a content hash
        } else {
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("Content-Security-Policy", CSP);
            resp.setHeader("X-Frame-Options", "DENY");
        }
        if (!body) {
            return;
        }
        try (InputStream in = file.openStream(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
