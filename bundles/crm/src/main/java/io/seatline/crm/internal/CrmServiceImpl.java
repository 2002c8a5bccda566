package io.seatline.crm.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seatline.core.CallContext;
import io.seatline.core.Page;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import io.seatline.crm.Interaction;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Customers of each tenant with the tenant's own custom fields. Custom values are kept as JSON on the customer (what
 * is shown) and, as text, in an indexed value table (what is searched); phones are kept E.164 in an indexed table for
 * the screen-pop lookup.
 */
@Component(service = CrmService.class, immediate = true)
public class CrmServiceImpl implements CrmService {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CallContext SYSTEM = CallContext.operator("crm");

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    /** the tenant's record for this capability's own work (trusted internal read, no permission) */
    @Reference
    io.seatline.tenancy.TenantDirectory directory;
    @Reference
    AuditService audit;
    @Reference
    org.osgi.service.event.EventAdmin eventAdmin;
    /** enriches call history with the CDR (disposition, talk time, recording, survey) when telephony runs */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
        policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile io.seatline.telephony.CdrService cdrs;
    /** a note may name a call still in progress */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
        policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile io.seatline.telephony.CallService calls;

    Jpa jpa;
    java.util.concurrent.ExecutorService imports;
    private CustomersPart customersPart;
    private MergePart mergePart;
    private CustomerCsvPart customerCsvPart;

    final Map<String, io.seatline.crm.CustomerImport> jobs = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    void activate() {
        jpa = new Jpa(emf);
        imports = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seatline-crm-import");
            t.setDaemon(true);
            return t;
        });
        customersPart = new CustomersPart(this);
        mergePart = new MergePart(this);
        customerCsvPart = new CustomerCsvPart(this);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        imports.shutdownNow();
    }

    // =================================================================== the API, by part

    @Override
    public List<FieldDef> fields() {
        return customersPart.fields();
    }

    @Override
    public List<FieldDef> saveFields(List<FieldDef> defs) {
        return customersPart.saveFields(defs);
    }

    @Override
    public Customer create(CustomerSpec spec) {
        return customersPart.create(spec);
    }

    @Override
    public Customer update(String id, CustomerSpec spec) {
        return customersPart.update(id, spec);
    }

    @Override
    public Customer get(String id) {
        return customersPart.get(id);
    }

    @Override
    public void delete(String id) {
        customersPart.delete(id);
    }

    @Override
    public Page<Customer> search(String q, String phone, String email, String tag, Map<String, String> fields, io.seatline.core.Sort sort,
                                 int offset, int limit) {
        return customersPart.search(q, phone, email, tag, fields, sort, offset, limit);
    }

    @Override
    public List<Customer> lookup(String phone) {
        return customersPart.lookup(phone);
    }

    @Override
    public Page<io.seatline.crm.CustomerDuplicate> duplicates(String customerId, int offset, int limit) {
        return mergePart.duplicates(customerId, offset, limit);
    }

    @Override
    public io.seatline.crm.CustomerMerge merge(String targetId, String sourceId) {
        return mergePart.merge(targetId, sourceId);
    }

    @Override
    public List<Interaction> history(String customerId, int offset, int limit) {
        return mergePart.history(customerId, offset, limit);
    }

    @Override
    public Interaction addNote(String customerId, String text, String callId) {
        return mergePart.addNote(customerId, text, callId);
    }

    @Override
    public io.seatline.crm.CustomerImport startImport(byte[] csv, boolean merge) {
        return customerCsvPart.startImport(csv, merge);
    }

    @Override
    public io.seatline.crm.CustomerImport importStatus(String id) {
        return customerCsvPart.importStatus(id);
    }

    @Override
    public byte[] export() {
        return customerCsvPart.export();
    }

    CustomersPart customersPart() {
        return customersPart;
    }

    MergePart mergePart() {
        return mergePart;
    }

    CustomerCsvPart customerCsvPart() {
        return customerCsvPart;
    }

    // JSON columns, for the other CRM services

    static String write(Object o) {
        return CrmPart.write(o);
    }

    static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return CrmPart.read(json, type);
    }
}
