"""Beijing time (UTC+8, no daylight saving) for what users see: dates of writing, times of versions, default year."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Optional

BEIJING = timezone(timedelta(hours=8), "北京时间")


def beijing_now() -> datetime:
    """The current time in Beijing."""
    return datetime.now(BEIJING)


def beijing_today() -> date:
    """Today's date in Beijing (the date of writing of a report)."""
    return beijing_now().date()


def default_report_year(today: Optional[date] = None) -> int:
    """The year a new draft reports on: last year, by Beijing's calendar."""
    return (today or beijing_today()).year - 1


def chinese_date(day: date) -> str:
    """A date as 公文 writes it: 2025年1月20日 (Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def beijing_time_text(stamp: str) -> str:
    """An ISO time stamp (any offset; naive read as UTC) shown in Beijing time, e.g. "2025-01-20 14:03"; "" if unreadable."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
