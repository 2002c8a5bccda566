package io.seatline.crm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

public class KbIndexTest {

    @Test
    public void chineseWordsAndEnglishStemsAreFoundAndRanked() throws Exception {
        Path dir = Files.createTempDirectory("kb");
        try (KbIndex kb = new KbIndex(dir)) {
            kb.put("refund", "售后", "退款多久到账", "退款,到账", "申请退款后，款项会在3到5个工作日内退回原支付账户。", false);
            kb.put("invoice", "财务", "如何开具发票", "发票", "在订单页面点击申请发票，电子发票会发送到您的邮箱。", false);
            kb.put("delivery", "Logistics", "Delivery times", "shipping", "Parcels are delivered within two working days; refunds for late parcels.", false);
            kb.commit();
            assertEquals(3, kb.count());
            assertEquals("refund", kb.search("退款", null, 0, 10).found().get(0).id());
            assertEquals("invoice", kb.search("电子发票怎么开", null, 0, 10).found().get(0).id());
            // English is stemmed: "deliveries" finds "delivered"/"Delivery"
            assertEquals("delivery", kb.search("deliveries", null, 0, 10).found().get(0).id());
            assertEquals(List.of("delivery"), kb.search("refund", "Logistics", 0, 10).found().stream().map(KbIndex.Found::id).toList());
            assertEquals(0, kb.search("保险理赔", null, 0, 10).total());
            kb.put("refund", "售后", "退货流程", "退货", "寄回商品即可。", true);
            assertTrue(kb.search("到账", null, 0, 10).found().stream().noneMatch(f -> f.id().equals("refund")));
            assertEquals("refund", kb.search("退货", null, 0, 10).found().get(0).id());
            kb.remove("invoice");
            assertEquals(0, kb.search("发票", null, 0, 10).total());
        }
        try (KbIndex again = new KbIndex(dir)) {
            assertEquals("the index persists", 2, again.count());
            assertTrue(again.words("退款多久到账").contains("退款"));
        }
    }
}
