package io.seatline.crm;

import io.seatline.core.Page;
import java.util.List;
import java.util.Map;

/** Customers of the tenant in context (fail closed). Definition changes and deletions are audited. */
public interface CrmService {

    List<FieldDef> fields();

    /**
     * Replaces the tenant's custom field definitions. A change that would invalidate stored data is refused (409 with
     * the field): removing a field that holds values, changing its type, making it required while customers lack it,
     * or dropping a choice still in use.
     */
    List<FieldDef> saveFields(List<FieldDef> fields);

    Customer create(CustomerSpec spec);

    Customer update(String id, CustomerSpec spec);

    Customer get(String id);

    void delete(String id);

    /**
     * Customers matching every given filter, by name: {@code q} (name contains), {@code phone} (any of its phones),
     * {@code email}, {@code tag}, and {@code fields} (custom field = value).
     */
    default Page<Customer> search(String q, String phone, String email, String tag, Map<String, String> fields, int offset, int limit) {
        return search(q, phone, email, tag, fields, null, offset, limit);
    }

    /** As the search above, ordered by {@code sort}: name, created or updated (null: last updated first). */
    Page<Customer> search(String q, String phone, String email, String tag, Map<String, String> fields, io.seatline.core.Sort sort, int offset,
                          int limit);

    /**
     * Groups of customers that share a phone or an e-mail address (the duplicates an agent creates by hand, or an
     * import without merge keeps apart), PHONE groups first; with {@code customerId}, only the groups that customer is in.
     */
    io.seatline.core.Page<CustomerDuplicate> duplicates(String customerId, int offset, int limit);

    /**
     * Merges {@code sourceId} into {@code targetId} in one transaction: the target keeps its own name, e-mail,
     * address, language and custom values and takes the source's where it has none; phones and tags are joined; the
     * source's history (calls, notes, dispositions, tickets) and its tickets move to the target; the source is
     * deleted. Refused (400) when both are the same customer, or when the merged customer would break a field rule.
     */
    CustomerMerge merge(String targetId, String sourceId);

    /** Screen pop: the customers with this phone (any format the tenant's country allows), most recently updated first. */
    List<Customer> lookup(String phone);

    /**
     * The customer's history, newest first: calls (with the CDR's disposition, talk time, recording id and survey
     * score), notes, tickets and dispositions.
     */
    List<Interaction> history(String customerId, int offset, int limit);

    /** An agent's note on the customer, optionally about a call; 1-2000 characters. */
    Interaction addNote(String customerId, String text, String callId);

    /**
     * Starts importing a CSV file (UTF-8 or GBK) with a header row: name, phones (several separated by ';'), email,
     * address, language, tags (';'), and the tenant's custom fields by name or label. A row whose phone or e-mail
     * belongs to an existing customer is merged into it when {@code merge}, else rejected as a duplicate. A file that
     * cannot be read or has an unknown column is refused at once (400 with the column).
     */
    CustomerImport startImport(byte[] csv, boolean merge);

    CustomerImport importStatus(String id);

    /** All customers as CSV (UTF-8 with BOM, the import's columns), readable by {@link #startImport}. */
    byte[] export();
}
