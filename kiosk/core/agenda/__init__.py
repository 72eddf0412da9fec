"""Event calendar: iCalendar fetch, parsing, recurrence expansion and cache."""
