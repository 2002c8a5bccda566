package io.seatline.core;

/**
 * Outgoing e-mail through the operator's SMTP server (etc/seatline.mail.cfg): ticket links for outside departments,
 * later invoices. Plain text, UTF-8, so Chinese reads right in every client.
 */
public interface Mailer {

    /** Whether an SMTP server is configured; when not, {@link #send} refuses. */
    boolean configured();

    /**
     * Sends one mail and returns once the SMTP server accepted it.
     *
     * @throws IllegalStateException when no SMTP server is configured, or the server refused or could not be reached
     *                               (the message says which)
     */
    void send(String to, String subject, String text);
}
