package io.seatline.telephony.internal.ivr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.seatline.core.ValidationException;
import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.IvrNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class IvrValidatorTest {
    private static IvrNode node(String type, String prompt, String next, Map<String, String> options, String open, String closed, String queue, String menu) {
        return new IvrNode(type, prompt, next, options, null, null, null, null, null, null, null, null, null, open, closed, queue, menu, null, null);
    }

    private static void validate(IvrMenu m, Map<String, IvrMenu> others) {
        IvrValidator.validate(m, others, q -> q.equals("sales"), p -> p.equals("beep"));
    }

    @Test
    public void aValidMenuPasses() {
        Map<String, IvrNode> n = new LinkedHashMap<>();
        n.put("hours", node("hours", null, null, null, "main", "main", null, null));
        n.put("main", node("menu", "beep", null, Map.of("1", "sales", "9", "hours"), null, null, null, null));
        n.put("sales", node("queue", null, null, null, null, null, "sales", null));
        validate(new IvrMenu("m", "hours", n, null), Map.of()); // the loop main -> hours -> main waits for a key
    }

    @Test
    public void danglingTargetsUnknownQueuesAndPromptsNameTheirPath() {
        Map<String, IvrNode> n = new LinkedHashMap<>();
        n.put("main", node("menu", "beep", null, Map.of("1", "nowhere"), null, null, null, null));
        assertEquals("nodes.main.options.1", assertThrows(ValidationException.class, () -> validate(new IvrMenu("m", "main", n, null), Map.of())).field());
        n.put("main", node("queue", null, null, null, null, null, "support", null));
        assertEquals("nodes.main.queue", assertThrows(ValidationException.class, () -> validate(new IvrMenu("m", "main", n, null), Map.of())).field());
        n.put("main", node("play", "hello", "main", null, null, null, null, null));
        assertEquals("nodes.main.prompt", assertThrows(ValidationException.class, () -> validate(new IvrMenu("m", "main", n, null), Map.of())).field());
    }

    @Test
    public void cyclesWithoutInputAreRefusedAcrossMenus() {
        Map<String, IvrNode> a = Map.of("start", node("goto", null, null, null, null, null, null, "b"));
        Map<String, IvrNode> b = Map.of("start", node("play", "beep", "back", null, null, null, null, null),
            "back", node("goto", null, null, null, null, null, null, "a"));
        IvrMenu menuB = new IvrMenu("b", "start", b, null);
        ValidationException e = assertThrows(ValidationException.class, () -> validate(new IvrMenu("a", "start", a, null), Map.of("b", menuB)));
        assertEquals("cycle_without_input", e.code());
    }
}
