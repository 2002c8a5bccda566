package io.seatline.rest.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import io.seatline.rest.spi.Json;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.osgi.service.component.annotations.Component;

/**
 * Makes the web server itself answer in the API's JSON error shape: requests Jetty refuses before any servlet sees
 * them (a URI too long, 414; headers too large, 431; a NUL or malformed escape in the path, 400) would otherwise get
 * Jetty's HTML page. Pax Web adds every {@link org.eclipse.jetty.server.Handler} service to its server; this one
 * handles no request — being added hands it the server, whose error handler it replaces.
 */
@Component(service = org.eclipse.jetty.server.Handler.class, immediate = true)
public class JsonBadMessages extends AbstractHandler {

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        if (server != null && !(server.getErrorHandler() instanceof JsonErrorHandler)) {
            JsonErrorHandler handler = new JsonErrorHandler();
            handler.setServer(server);
            server.setErrorHandler(handler);
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) {
        // never handles a request
    }

    static byte[] body(int status, String reason) {
        String message = switch (status) {
            case 413 -> "the request body is too large";
            case 414 -> "the request line (path and query) is too long";
            case 431 -> "the request headers are too large";
            default -> reason == null || reason.isBlank() ? "malformed request" : reason;
        };
        try {
            return Json.MAPPER.writeValueAsBytes(new ErrorBody(ErrorBody.codeFor(status), message, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jetty's error handler, writing {@code {code, message}} instead of an HTML page. */
    static final class JsonErrorHandler extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
            return ByteBuffer.wrap(body(status, reason));
        }

        @Override
        protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code,
                                                  String message) throws IOException {
            baseRequest.setHandled(true);
            response.setContentType("application/json;charset=utf-8");
            response.getOutputStream().write(body(code, message));
        }
    }
}
