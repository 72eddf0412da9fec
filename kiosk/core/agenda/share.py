"""What a QR code hands to a phone for one event: its web page, else the event itself.

The iCalendar text is built with the icalendar library and kept small enough for a QR code
a phone reads from a screen: UTC times (every calendar app reads them, no VTIMEZONE needed)
and a description cut short.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from kiosk.core.agenda.model import Occurrence

MAX_QR_BYTES = 480  # a version ≈ 16 code at level M: modules of ~6 px, easy to scan
MIN_DESCRIPTION = 40


def qr_payload(occ: Occurrence) -> str:
    url = occ.url.strip()
    if url.lower().startswith(("http://", "https://")):
        return url
    return event_ics(occ)


def event_ics(occ: Occurrence, max_bytes: int = MAX_QR_BYTES) -> str:
    description = occ.description
    while True:
        text = _build(occ, description)
        if len(text.encode()) <= max_bytes or not description:
            return text
        if len(description) <= MIN_DESCRIPTION:
            description = ""
        else:
            description = description[: int(len(description) * 0.7)].rstrip() + "…"


def _build(occ: Occurrence, description: str) -> str:
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//Nature en ville//Borne//FR")
    ev = icalendar.Event()
    ev.add("UID", occ.uid)
    ev.add("DTSTAMP", dt.datetime.now(dt.UTC).replace(microsecond=0))
    if (not occ.all_day and isinstance(occ.start, dt.datetime)
            and isinstance(occ.end, dt.datetime)):
        ev.add("DTSTART", occ.start.astimezone(dt.UTC))
        ev.add("DTEND", occ.end.astimezone(dt.UTC))
    else:
        ev.add("DTSTART", occ.start)
        ev.add("DTEND", occ.end)
    ev.add("SUMMARY", occ.summary)
    if occ.location:
        ev.add("LOCATION", occ.location)
    if description:
        ev.add("DESCRIPTION", description)
    cal.add_component(ev)
    ical: bytes = cal.to_ical()  # icalendar leaves its return type unannotated
    return ical.decode()
