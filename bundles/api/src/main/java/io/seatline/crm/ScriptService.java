package io.seatline.crm;

import java.util.List;
import java.util.Map;

/** Call scripts of the tenant in context. Saving validates the steps and every variable (400 with the step's field). */
public interface ScriptService {

    List<Script> list();

    Script get(String name);

    /** Creates or replaces the script {@code script.name()}; changes are audited. */
    Script save(Script script);

    void delete(String name);

    /**
     * The script shown for a call of {@code campaign} (wins) or {@code queue}, with its variables filled from the
     * customer (may be null: its variables become empty), {@code call} (number, queue) and {@code agent} (name);
     * null when there is none.
     */
    Script render(String queue, String campaign, Customer customer, Map<String, String> call, Map<String, String> agent);
}
