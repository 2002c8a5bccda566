package io.seatline.telephony.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The group commit's coalescing: journal writes a later record of the same call supersedes are left out, nothing else. */
public class RecordWriterTest {
    /** An item whose after-action names it. */
    private static RecordWriter.Item item(String call, boolean note, String tag) {
        return new RecordWriter.Item(em -> { }, new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return tag;
            }
        }, call, note);
    }

    private static RecordWriter.Item note(String call, String tag) {
        return item(call, true, tag);
    }

    private static RecordWriter.Item cdr(String call, String tag) {
        return item(call, false, tag);
    }

    private static RecordWriter.Item other(String tag) {
        return item(null, false, tag);
    }

    private static List<String> coalesced(RecordWriter.Item... items) {
        List<RecordWriter.Item> batch = new ArrayList<>(List.of(items));
        RecordWriter.coalesce(batch);
        return batch.stream().map(i -> i.after().toString()).toList();
    }

    @Test
    public void onlyTheLastJournalWriteOfACallStays() {
        assertEquals(List.of("log1", "a3", "b1", "log2"), coalesced(note("A", "a1"), other("log1"), note("A", "a2"), note("A", "a3"), note("B", "b1"),
            other("log2")));
    }

    @Test
    public void aCdrInTheBatchMakesTheCallsJournalWritesNeedless() {
        assertEquals(List.of("b1", "cdrA", "log"), coalesced(note("A", "a1"), note("B", "b1"), note("A", "a2"), cdr("A", "cdrA"), other("log")));
    }

    @Test
    public void aJournalWriteAfterAnotherCallsCdrStays() {
        assertEquals(List.of("cdrA", "b1"), coalesced(cdr("A", "cdrA"), note("B", "b1")));
    }

    @Test
    public void aBatchWithoutJournalIsUnchanged() {
        assertEquals(List.of("x", "y"), coalesced(other("x"), other("y")));
    }
}
