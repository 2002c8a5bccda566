package io.seatline.crm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/seatline.crm.cfg */
@ObjectClassDefinition(name = "Seatline CRM", description = "Tickets, reminders, attachments, knowledge base")
public @interface CrmConfig {
    @AttributeDefinition(description = "How often overdue tickets and due revisits are looked for, in seconds")
    int reminder_scan_seconds() default 60;

    @AttributeDefinition(description = "Largest ticket attachment, in bytes")
    long attachment_max_bytes() default 10L * 1024 * 1024;

    @AttributeDefinition(description = "Folder of ticket attachments and the knowledge-base index (empty: <karaf.data>/seatline/crm)")
    String data_dir() default "";

    @AttributeDefinition(description = "Secret that signs departments' ticket links (empty: one is generated and kept in the data folder)")
    String link_secret() default "";

    @AttributeDefinition(description = "Base URL of the web console as outside departments reach it: a dispatched ticket's link is"
        + " <public.console.url>/dispatch/<token>, a page that reads, comments and resolves it through the REST API's public paths")
    String public_console_url() default DEFAULT_CONSOLE_URL;

    @AttributeDefinition(description = "Before public.console.url: the REST API's public base URL (…/api/v1); when set and"
        + " public.console.url is left at its default, the console's address is taken from it (…/console)")
    String public_base_url() default "";

    String DEFAULT_CONSOLE_URL = "http://localhost:8181/console";
}
