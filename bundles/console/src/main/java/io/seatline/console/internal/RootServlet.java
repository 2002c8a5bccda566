package io.seatline.console.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The site's root: {@code /} goes to the console. Any other path nobody serves gets a JSON 404 in the API's shape
 * ({@code /api/...} has its own).
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/",
    "osgi.http.whiteboard.servlet.name=seatline-root"})
public class RootServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if ((path.isEmpty() || path.equals("/")) && ("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()))) {
            resp.sendRedirect(req.getContextPath() + "/console/");
            return;
        }
        resp.setStatus(404);
        resp.setContentType("application/json; charset=UTF-8");
        resp.getWriter().write("{\"code\":\"not_found\",\"message\":\"no such page; the console is at /console/\",\"field\":null}");
    }
}
