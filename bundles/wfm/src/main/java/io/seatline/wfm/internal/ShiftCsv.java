package io.seatline.wfm.internal;

import io.seatline.core.CsvText;
import io.seatline.core.ValidationException;
import io.seatline.workforce.ScheduleService.Activity;
import io.seatline.workforce.ScheduleService.Shift;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shifts as CSV: {@code agent,date,start,end,template,status,activities}, activities as "CALLS 09:00-11:00 BREAK 11:00-11:15". */
final class ShiftCsv {
    static final String HEADER = "agent,date,start,end,template,status,activities";

    private ShiftCsv() {
    }

    /** The shifts as CSV (UTF-8 with BOM, CRLF), agents by login; a time at the next midnight is 24:00. */
    static byte[] write(List<Shift> shifts, Map<String, String> logins) {
        StringBuilder b = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        for (Shift s : shifts) {
            StringBuilder acts = new StringBuilder();
            for (Activity a : s.activities()) {
                acts.append(acts.length() == 0 ? "" : " ").append(a.kind()).append(' ').append(a.from().toLocalTime()).append('-')
                    .append(a.to().toLocalDate().isAfter(s.start().toLocalDate()) ? "24:00" : a.to().toLocalTime().toString());
            }
            b.append(CsvText.line(List.of(s.agentUserId() == null ? "" : logins.getOrDefault(s.agentUserId(), s.agentUserId()),
                s.start().toLocalDate().toString(), s.start().toLocalTime().toString(),
                s.end().toLocalDate().isAfter(s.start().toLocalDate()) ? "24:00" : s.end().toLocalTime().toString(),
                s.template() == null ? "" : s.template(), s.status(), acts.toString())));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A CSV row as a shift: agent login (empty: open), date, start, end (24:00), template, status (ignored), activities. */
    static Shift parse(List<String> f, Map<String, String> byLogin) {
        if (f.size() < 4) {
            throw new ValidationException("required", "A row has agent, date, start and end", "file");
        }
        String login = f.get(0).strip();
        String agent = login.isEmpty() ? null : byLogin.get(login);
        if (!login.isEmpty() && agent == null) {
            throw new ValidationException("unknown_agent", "No user " + login, "agentUserId");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(f.get(1).strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException("invalid_date", "date is yyyy-MM-dd: " + f.get(1), "date");
        }
        LocalDateTime start = at(date, f.get(2), "start");
        LocalDateTime end = at(date, f.get(3), "end");
        List<Activity> acts = new ArrayList<>();
        String spec = f.size() > 6 ? f.get(6).strip() : "";
        if (!spec.isEmpty()) {
            String[] parts = spec.split("\\s+");
            if (parts.length % 2 != 0) {
                throw new ValidationException("invalid_activity", "activities are written KIND HH:mm-HH:mm ...: " + spec, "activities");
            }
            for (int i = 0; i < parts.length; i += 2) {
                String[] t = parts[i + 1].split("-");
                if (t.length != 2) {
                    throw new ValidationException("invalid_activity", "activities are written KIND HH:mm-HH:mm ...: " + spec, "activities");
                }
                acts.add(new Activity(parts[i], at(date, t[0], "activities"), at(date, t[1], "activities")));
            }
        }
        return new Shift(null, agent, null, f.size() > 4 && !f.get(4).isBlank() ? f.get(4).strip() : null, start, end, acts, Shifts.DRAFT);
    }

    private static LocalDateTime at(LocalDate date, String time, String field) {
        return time.strip().equals("24:00") ? date.plusDays(1).atStartOfDay() : date.atTime(Shifts.time(time, field));
    }
}
