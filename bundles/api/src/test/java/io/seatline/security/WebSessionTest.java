package io.seatline.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WebSessionTest {
    @Test
    public void theCsrfTokenIsDerivedFromTheSecretAndOnlyItsOwnMatches() {
        String a = "sls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        String b = "sls_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        assertEquals("the same on every node", WebSession.csrfOf(a), WebSession.csrfOf(a));
        assertNotEquals(WebSession.csrfOf(a), WebSession.csrfOf(b));
        assertFalse("the token is not the secret", WebSession.csrfOf(a).contains(a.substring(4)));
        assertTrue(WebSession.csrfMatches(a, WebSession.csrfOf(a)));
        assertFalse(WebSession.csrfMatches(a, WebSession.csrfOf(b)));
        assertFalse(WebSession.csrfMatches(a, null));
        assertFalse(WebSession.csrfMatches(a, ""));
        assertFalse(WebSession.csrfMatches(a, WebSession.csrfOf(a) + "x"));
    }
}
