package io.seatline.crm;

import java.time.Instant;
import java.util.List;

/**
 * A call script (话术) of a queue or a campaign: steps of text with variables, and options that branch to the next
 * step. Variables are written {@code ${customer.name}}, {@code ${customer.title}}, {@code ${customer.fields.NAME}},
 * {@code ${call.number}}, {@code ${call.queue}}, {@code ${agent.name}}, {@code ${tenant.name}}; a variable that does
 * not exist is refused when the script is saved. In a screen pop the texts come filled in.
 *
 * @param name     key: 1-64 of a-z 0-9 _ -
 * @param queue    shown for calls of this queue (or null)
 * @param campaign shown for calls of this campaign id (or null); a campaign's script wins over its queue's
 * @param start    the first step's id
 */
public record Script(String name, String title, String queue, String campaign, String start, List<Step> steps, Instant updatedAt) {

    /** A step; {@code options} empty ends the script. */
    public record Step(String id, String text, List<Option> options) {
    }

    /** A choice the agent clicks; {@code next} is the step it leads to. */
    public record Option(String label, String next) {
    }
}
