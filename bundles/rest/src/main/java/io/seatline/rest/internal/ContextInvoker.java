package io.seatline.rest.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import org.apache.cxf.jaxrs.JAXRSInvoker;
import org.apache.cxf.message.Exchange;

/**
 * Runs each resource method inside the caller's tenant context, and only there: the context is removed when the
 * method returns, so nothing leaks to the next request served by the same thread.
 */
public class ContextInvoker extends JAXRSInvoker {
    @Override
    public Object invoke(Exchange exchange, Object request) {
        Object ctx = exchange.get(AuthFilter.CONTEXT);
        if (ctx instanceof CallContext callContext) {
            return TenantContext.call(callContext, () -> super.invoke(exchange, request));
        }
        return super.invoke(exchange, request);
    }
}
