"""Periods: months, quarters and years, and the date bounds of ``--since``/``--until``.

Method. A period is keyed by the ISO date of an article (``2024-03``, ``2024-Q1``, ``2024``);
the periods of a report run without gaps from the first dated article to the last, so that an
empty month shows as zero rather than vanishing from the figure. Articles without a date fall
in one period of their own, ``undated``, listed last. A bound is a year, a month or a day, and
means its first day for ``--since`` and its last day for ``--until``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Callable

from ..errors import InputError

__all__ = ["PERIODS", "UNDATED", "Period", "period_of", "periods_between", "date_bound"]

UNDATED = "undated"


@dataclass(frozen=True)
class Period:
    """A kind of period: how a date is keyed, and how a key gives back its first and last day."""

    name: str
    key: Callable[[int, int], str]  # (year, month) -> key
    start_month: Callable[[str], tuple[int, int]]  # key -> (year, first month)
    months: int

    def bounds(self, key: str) -> tuple[str, str]:
        year, month = self.start_month(key)
        last_month = month + self.months - 1
        last_day = calendar.monthrange(year, last_month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{last_month:02d}-{last_day:02d}"


PERIODS = {
    "month": Period("month", lambda y, m: f"{y:04d}-{m:02d}", lambda k: (int(k[:4]), int(k[5:7])), 1),
    "quarter": Period("quarter", lambda y, m: f"{y:04d}-Q{(m - 1) // 3 + 1}",
                      lambda k: (int(k[:4]), 3 * (int(k[-1]) - 1) + 1), 3),
    "year": Period("year", lambda y, m: f"{y:04d}", lambda k: (int(k[:4]), 1), 12),
}


def _period(period: str) -> Period:
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}; allowed: {', '.join(PERIODS)}")
    return PERIODS[period]


def period_of(date: str | None, period: str) -> str:
    """The key of the period holding an ISO date, or ``undated``."""
    if not date:
        return UNDATED
    return _period(period).key(int(date[:4]), int(date[5:7]))


def periods_between(first: str, last: str, period: str) -> list[str]:
    """Every period key from the one holding ``first`` to the one holding ``last`` (ISO dates)."""
    p = _period(period)
    y, m = int(first[:4]), int(first[5:7])
    end = p.key(int(last[:4]), int(last[5:7]))
    keys: list[str] = []
    while True:
        key = p.key(y, m)
        if not keys or keys[-1] != key:
            keys.append(key)
        if key == end:
            return keys
        m += 1
        if m > 12:
            y, m = y + 1, 1


_BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def date_bound(value: str, which: str) -> str:
    """``--since``/``--until`` as an ISO date: a year, month or day, read as its first (since) or last
    (until) day."""
    m = _BOUND.match(value.strip()) if isinstance(value, str) else None
    if not m:
        raise InputError(f"--{which} {value!r}: give a year, a month or a day (2024, 2024-03, 2024-03-05)")
    year = int(m[1])
    month = int(m[2]) if m[2] is not None else None
    day = int(m[3]) if m[3] is not None else None
    if month is not None and not 1 <= month <= 12:
        raise InputError(f"--{which} {value!r}: no month {month}")
    first_month, last_month = (month, month) if month else (1, 12)
    last_day = calendar.monthrange(year, last_month)[1]
    if day is not None and not 1 <= day <= calendar.monthrange(year, first_month)[1]:
        raise InputError(f"--{which} {value!r}: no such day")
    if which == "since":
        return f"{year:04d}-{first_month:02d}-{day or 1:02d}"
    return f"{year:04d}-{last_month:02d}-{day or last_day:02d}"
