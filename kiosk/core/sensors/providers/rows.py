"""Rows that hold more fields than their header: an unquoted delimiter inside a label.

A comma-separated export that writes "Particules fines PM2,5" or "Nice, Promenade" without
quotes splits that label in two, and every later cell of the row slides one column right.
`fit_row` tries each place where the extra fields could be joined back into one cell and
keeps the reading under which the row makes the most sense (a time where the time column
is, a number where the value is, a known quantity and unit); the row as it is wins a tie,
so files whose rows legitimately carry trailing extra fields (madavi.de device exports, a
trailing delimiter) are read as before. This is the class of fault in general, not one
file's: any column, any number of extra fields, any delimiter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kiosk.core.sensors import units
from kiosk.core.sensors.units import Rejected

Scorer = Callable[[Sequence[str]], int]


def fit_row(row: Sequence[str], width: int, delimiter: str, score: Scorer,
            prefer: Sequence[int] = ()) -> Sequence[str]:
    """`row` with its extra fields joined back where that reads best (see the module); on a
    tie between places, the first of `prefer` (then the leftmost) wins. Several stray
    delimiters (in a name and in a decimal number) are joined back one at a time."""
    if len(row) <= width or not any(cell.strip() for cell in row[width:]):
        return row  # as wide as the header, or only empty cells past it
    best_score = score(row)
    current = row
    while len(current) > width:
        step = None
        for i in dict.fromkeys([*prefer, *range(len(current) - 1)]):
            if i >= len(current) - 1:
                continue
            candidate = (*current[:i], current[i] + delimiter + current[i + 1],
                         *current[i + 2:])
            s = score(candidate)
            if step is None or s > step[0]:
                step = (s, candidate)
        if step is None:
            break
        current = step[1]
    # Joined back only when that reads better than the row as it came.
    return current if score(current) > best_score else row


def scorer(time_col: int | None, value_cols: list[int | None], q_col: int | None,
            unit_col: int | None, number_cols: list[int], dc: bool
            ) -> Callable[[Sequence[str]], int]:
    """How much sense a row makes (rows.fit_row): a time, numbers, a quantity, a unit."""
    from kiosk.core.sensors.timeparse import parse_naive_or_aware

    def numeric(text: str, *, missing_ok: bool) -> bool:
        try:
            units.number(text, decimal_comma=dc)
        except Rejected as e:
            return missing_ok and e.reason == "missing"
        return True

    def score(row: Sequence[str]) -> int:
        n = 0
        if time_col is not None:
            try:
                parse_naive_or_aware(_cell(row, time_col))
                n += 2
            except Rejected:
                pass
        n += sum(numeric(_cell(row, i), missing_ok=True) for i in value_cols if i is not None)
        n += sum(numeric(_cell(row, i), missing_ok=False) for i in number_cols)
        if q_col is not None:
            label = _cell(row, q_col)
            # A quantity named outright says more than a code ("5" is one too: SO2's).
            n += 2 if units.quantity_of(label, codes=False) is not None else (
                units.quantity_of(label) is not None or units.is_other(label))
        if unit_col is not None:
            n += units.unit_key(_cell(row, unit_col)) is not None
        return n

    return score


def _cell(row: Sequence[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""
