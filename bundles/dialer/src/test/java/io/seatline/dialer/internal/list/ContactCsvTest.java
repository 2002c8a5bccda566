package io.seatline.dialer.internal.list;

import io.seatline.core.PhoneNumbers;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class ContactCsvTest {
    private static final String LIST = "姓名,电话,城市\n"
        + "张三,138-0013-8000,北京\n"
        + "李四,+86 139 0013 9000,上海\n"
        + "王五,12345,广州\n"                   // too short
        + "赵六,13800138000,深圳\n"             // duplicate of line 2
        + "\"Smith, John\",+1 (415) 555-0100,\"San Francisco\"\n"
        + "钱七,010-6552-9988\n"                // a column missing
        + "孙八,(010) 6552 9988,北京\n";

    private static final Map<String, String> MAPPING = Map.of("姓名", "name", "电话", "phone", "城市", "city");

    @Test
    public void goodRowsAreKeptAndEveryRejectedRowHasItsLineAndReason() {
        ContactCsv.Result r = ContactCsv.read(LIST.getBytes(StandardCharsets.UTF_8), MAPPING, "CN", Set.of());
        assertEquals("UTF-8", r.encoding());
        assertEquals(List.of("+8613800138000", "+8613900139000", "+14155550100", "+861065529988"),
            r.rows().stream().map(ContactCsv.Row::phone).toList());
        assertEquals("张三", r.rows().get(0).fields().get("name"));
        assertEquals("Smith, John", r.rows().get(2).fields().get("name"));
        assertEquals("北京", r.rows().get(3).fields().get("city"));
        assertEquals(List.of(4, 5, 7), r.rejected().stream().map(ContactCsv.Rejected::line).toList());
        assertTrue(r.rejected().get(0).reason(), r.rejected().get(0).reason().contains("digits"));
        assertTrue(r.rejected().get(1).reason(), r.rejected().get(1).reason().startsWith("duplicate of +8613800138000"));
        assertTrue(r.rejected().get(2).reason(), r.rejected().get(2).reason().contains("2 columns"));
        assertEquals(8 - 1, r.rows().size() + r.rejected().size()); // every data line accounted for
    }

    @Test
    public void gbkFilesAreReadAndUndecodableOnesRefused() {
        ContactCsv.Result r = ContactCsv.read(LIST.getBytes(Charset.forName("GBK")), MAPPING, "CN", Set.of());
        assertEquals("GBK", r.encoding());
        assertEquals("张三", r.rows().get(0).fields().get("name"));
        byte[] bom = ("\uFEFF" + LIST).getBytes(StandardCharsets.UTF_8);
        assertEquals(4, ContactCsv.read(bom, MAPPING, "CN", Set.of()).rows().size());
        byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0x81, (byte) 0x80, (byte) 0xFF};
        ContactCsv.BadFileException e = assertThrows(ContactCsv.BadFileException.class, () -> ContactCsv.read(binary, MAPPING, "CN", Set.of()));
        assertEquals("file", e.field());
    }

    @Test
    public void aMappingToMissingColumnsOrWithoutPhoneIsRefusedWithTheField() {
        byte[] data = LIST.getBytes(StandardCharsets.UTF_8);
        assertEquals("mapping.手机", assertThrows(ContactCsv.BadFileException.class,
            () -> ContactCsv.read(data, Map.of("手机", "phone"), "CN", Set.of())).field());
        assertEquals("mapping", assertThrows(ContactCsv.BadFileException.class,
            () -> ContactCsv.read(data, Map.of("姓名", "name"), "CN", Set.of())).field());
    }

    @Test
    public void numbersAlreadyInTheListAreDuplicates() {
        ContactCsv.Result r = ContactCsv.read(LIST.getBytes(StandardCharsets.UTF_8), MAPPING, "CN", Set.of("+8613900139000"));
        assertFalse(r.rows().stream().anyMatch(x -> x.phone().equals("+8613900139000")));
        assertTrue(r.rejected().stream().anyMatch(x -> x.line() == 3 && x.reason().startsWith("duplicate")));
    }

    @Test
    public void phoneNumbersToE164() {
        assertEquals("+8613800138000", PhoneNumbers.normalise("13800138000", "CN").e164());
        assertEquals("+8613800138000", PhoneNumbers.normalise("0086 138 0013 8000", "US").e164());
        assertEquals("+8613800138000", PhoneNumbers.normalise("８６１３８００１３８０００", "CN").e164()); // full-width, country code without +
        assertEquals("+862168881234", PhoneNumbers.normalise("021-6888 1234", "CN").e164());
        assertEquals("+6591234567", PhoneNumbers.normalise("9123 4567", "SG").e164());
        assertEquals("+442079460000", PhoneNumbers.normalise("020 7946 0000", "GB").e164());
        assertEquals("+639171234567", PhoneNumbers.normalise("0917 123 4567", "PH").e164());
        assertFalse(PhoneNumbers.normalise("23800138000", "CN").ok());
        assertFalse(PhoneNumbers.normalise("call me", "CN").ok());
        assertFalse(PhoneNumbers.normalise("", "CN").ok());
        assertFalse(PhoneNumbers.normalise("13800138000", null).ok());
    }
}
