"""The report files as the app offers them: bytes of each kind, cached by content, and the download name."""
from __future__ import annotations

from report.clock import beijing_today
from report.facts import Facts
from ui.adapters.cache import Lru, facts_hash

_EXPORTS = Lru(16)


def export_bytes(facts: Facts, kind: str) -> bytes:
    """The report file of the given kind (docx/md/txt), cached by content and by the date of its 落款 (Beijing)."""
    from report.export import render
    today = beijing_today()
    return _EXPORTS.get(facts_hash(facts) + kind + today.isoformat(), lambda: render(facts, kind, written=today))


def export_name(facts: Facts, kind: str) -> str:
    """Download name <agency><year>年政府信息公开工作年度报告.<ext>."""
    from report.export import export_filename

    return export_filename(facts, kind)
