package io.seatline.crm.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Where a dispatched ticket's link points: the console's public address, also on installations configured before it. */
public class DispatchLinkTest {
    @Test
    public void theConsoleUrlIsUsedAsConfigured() {
        assertEquals("https://cc.example.com/console", DispatchPart.consoleUrl("https://cc.example.com/console", ""));
        // set explicitly, it wins over the old key
        assertEquals("https://cc.example.com/console", DispatchPart.consoleUrl("https://cc.example.com/console", "https://old.example.com/api/v1"));
        assertEquals(CrmConfig.DEFAULT_CONSOLE_URL, DispatchPart.consoleUrl(CrmConfig.DEFAULT_CONSOLE_URL, null));
        // a trailing slash (or two) is dropped: the link's path follows
        assertEquals("https://cc.example.com/console", DispatchPart.consoleUrl("https://cc.example.com/console//", null));
    }

    @Test
    public void anOldInstallationsApiAddressGivesTheConsoleBesideIt() {
        assertEquals("https://cc.example.com/console", DispatchPart.consoleUrl(CrmConfig.DEFAULT_CONSOLE_URL, "https://cc.example.com/api/v1"));
        assertEquals("https://cc.example.com/console", DispatchPart.consoleUrl(CrmConfig.DEFAULT_CONSOLE_URL, "https://cc.example.com/api/v1/"));
        assertEquals("https://proxy.example.com/seatline/console", DispatchPart.consoleUrl(CrmConfig.DEFAULT_CONSOLE_URL, "https://proxy.example.com/seatline"));
    }
}
