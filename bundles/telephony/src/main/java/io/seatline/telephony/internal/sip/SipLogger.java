package io.seatline.telephony.internal.sip;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JAIN-SIP's stack and server logger on SLF4J, so JAIN-SIP never needs log4j 1.x. */
public class SipLogger implements StackLogger, ServerLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.seatline.telephony.sip");

    public SipLogger() {
    }

    @Override public void logStackTrace() { }
    @Override public void logStackTrace(int level) { }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable t) { LOG.warn("SIP stack: {}", t.toString(), t); }
    @Override public void logDebug(String m) { LOG.debug(m); }
    @Override public void logDebug(String m, Exception e) { LOG.debug(m, e); }
    @Override public void logTrace(String m) { LOG.trace(m); }
    @Override public void logFatalError(String m) { LOG.error(m); }
    @Override public void logError(String m) { LOG.error(m); }
    @Override public boolean isLoggingEnabled() { return LOG.isDebugEnabled(); }
    @Override public boolean isLoggingEnabled(int level) {
        if (level == TRACE_ERROR || level == TRACE_FATAL) {
            return true;
        }
        if (level == TRACE_WARN) {
            return LOG.isWarnEnabled();
        }
        // JAIN-SIP's INFO and below are per-message chatter
        return LOG.isTraceEnabled();
    }
    @Override public void logError(String m, Exception e) { LOG.error(m, e); }
    @Override public void logWarning(String m) { LOG.warn(m); }
    @Override public void logInfo(String m) { LOG.debug(m); }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String s) { }
    @Override public void setStackProperties(Properties p) { }
    @Override public String getLoggerName() { return LOG.getName(); }

    // ServerLogger
    @Override public void closeLogFile() { }
    @Override public void logMessage(gov.nist.javax.sip.message.SIPMessage message, String from, String to, boolean sender, long time) { }
    @Override public void logMessage(gov.nist.javax.sip.message.SIPMessage message, String from, String to, String status, boolean sender, long time) { }
    @Override public void logMessage(gov.nist.javax.sip.message.SIPMessage message, String from, String to, String status, boolean sender) { }
    @Override public void logException(Exception e) { LOG.warn("SIP server: {}", e.toString()); }
    @Override public void setSipStack(SipStack stack) { }
}
