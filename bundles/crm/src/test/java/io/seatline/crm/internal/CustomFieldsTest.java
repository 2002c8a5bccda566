package io.seatline.crm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.seatline.core.ValidationException;
import io.seatline.crm.FieldDef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CustomFieldsTest {
    private static final List<FieldDef> DEFS = CustomFields.checkDefinitions(List.of(
        new FieldDef("policy_no", "保单号", "text", true, null),
        new FieldDef("premium", "Premium", "NUMBER", false, null),
        new FieldDef("birthday", "生日", "DATE", false, null),
        new FieldDef("level", "客户等级", "CHOICE", false, List.of("金卡", "银卡")),
        new FieldDef("vip", "VIP", "BOOLEAN", false, null)));

    @Test
    public void valuesAreTypedByTheirDefinitions() {
        Map<String, Object> v = CustomFields.checkValues(DEFS, Map.of("policy_no", "P-1", "premium", "1200.50", "birthday", "1990-02-03",
            "level", "金卡", "vip", "true"));
        assertEquals(new BigDecimal("1200.50"), v.get("premium"));
        assertEquals(Boolean.TRUE, v.get("vip"));
        assertEquals("1200.5", CustomFields.text(v.get("premium")));
        assertEquals("TEXT", DEFS.get(0).type());
    }

    @Test
    public void wrongTypesMissingRequiredAndUnknownFieldsNameTheField() {
        assertEquals("fields.policy_no", field(() -> CustomFields.checkValues(DEFS, Map.of("premium", 1))));
        assertEquals("fields.premium", field(() -> CustomFields.checkValues(DEFS, Map.of("policy_no", "P", "premium", "lots"))));
        assertEquals("fields.birthday", field(() -> CustomFields.checkValues(DEFS, Map.of("policy_no", "P", "birthday", "03/02/1990"))));
        assertEquals("fields.level", field(() -> CustomFields.checkValues(DEFS, Map.of("policy_no", "P", "level", "铜卡"))));
        assertEquals("fields.vip", field(() -> CustomFields.checkValues(DEFS, Map.of("policy_no", "P", "vip", "yes"))));
        assertEquals("fields.colour", field(() -> CustomFields.checkValues(DEFS, Map.of("policy_no", "P", "colour", "red"))));
    }

    @Test
    public void badDefinitionsAreRefused() {
        assertEquals("[0].name", field(() -> CustomFields.checkDefinitions(List.of(new FieldDef("email", "E", "TEXT", false, null)))));
        assertEquals("[0].type", field(() -> CustomFields.checkDefinitions(List.of(new FieldDef("x", "X", "MONEY", false, null)))));
        assertEquals("[0].choices", field(() -> CustomFields.checkDefinitions(List.of(new FieldDef("x", "X", "CHOICE", false, List.of())))));
        assertEquals("[1].name", field(() -> CustomFields.checkDefinitions(List.of(new FieldDef("x", "X", "TEXT", false, null),
            new FieldDef("x", "Y", "TEXT", false, null)))));
    }

    private static String field(Runnable r) {
        return assertThrows(ValidationException.class, r::run).field();
    }
}
