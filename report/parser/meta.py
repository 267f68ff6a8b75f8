"""Title, agency and year from the title lines or the preamble; the agency's level when its name is unambiguous."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from report.facts import YEAR_MAX, YEAR_MIN

HEAD_LINES = 40  # title and preamble are looked for in the first lines only
MAX_LINE = 600  # characters of each of those lines
_P = r"[^\s,，。;；:：、《》<>“”\"'!?！？\[\]]"  # a character of a name (no punctuation)
_REPORT = r"(?:政府)?信息公开(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:工作)?报告"
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<pre>{_P}{{0,40}}?)\s*(?P<year>(?:19|20)\d{{2}})\s*年\s*度?\s*(?P<post>{_P}{{0,40}}?){_REPORT}")
_TITLE_YEAR_LAST = re.compile(rf"(?P<pre>{_P}{{2,40}}?)政府信息公开工作\s*(?P<year>(?:19|20)\d{{2}})\s*年度?报告")
_NIANBAO = re.compile(r"(?P<year>(?:19|20)\d{2})\s*(?:年度)?(?:政府信息公开)?(?:工作)?年报")
_PERIOD = re.compile(r"统计(?:期限|时限|时间|期|区间|口径)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR_OPENING = re.compile(r"^\s*((?:19|20)\d{2})\s*年")
_CONTACT = re.compile(rf"(?:请与|请联系)({_P}{{3,30}}?)(?:联系|\()")
_VERBS = ("现向社会公布", "现向社会公开", "特向社会公布", "向社会公布", "向社会公开", "现将", "现公布", "公布", "发布",
          "编制", "印发", "根据", "按照", "结合", "现就", "由")
_PARENS = re.compile(r"\([^()]*\)")
_BRACKETED = re.compile(r"\[[^\]]*\]|【[^】]*】")
_PAGE_PREFIX = re.compile(r"^\s*Page\s*\d+\s*-\s*", re.I)
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_SUB_UNIT = re.compile(r"领导小组|公开办公室|公开办$")
_NAME_END = re.compile(r"[\u4e00-\u9fff)]$")
@dataclass
class Meta:
    """What the front matter says: title text, agency, year, and how they were found."""

    title: str = ""
    agency: Optional[str] = None
    year: Optional[int] = None
    notes: list[str] = field(default_factory=list)


def _clean_name(name: str) -> Optional[str]:
    """An agency name without spam tokens, remarks and leading verbs; None when it does not look like one."""
    name = _PARENS.sub("", _BRACKETED.sub("", name)).strip()
    for verb in _VERBS:
        pos = name.rfind(verb)
        if pos >= 0:
            name = name[pos + len(verb):]
    name = name.strip().removesuffix("关于")
    if not 2 <= len(name) <= 40 or not _NAME_END.search(name) or re.search(r"\d", name) or _SUB_UNIT.search(name):
        return None
    return name.replace("(", "（").replace(")", "）")


def _cites_other_document(line: str, m: re.Match[str]) -> bool:
    """True when the match sits inside 《…》 that goes on past it (《…关于做好2023年政府信息公开工作年度报告编制…的通知》)."""
    opened = line.rfind("《", 0, m.start()) > line.rfind("》", 0, m.start())
    return opened and not line.startswith("》", m.end())


def _year(text: str) -> Optional[int]:
    year = int(text)
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def _title_match(line: str) -> Optional[re.Match[str]]:
    return _TITLE_YEAR_FIRST.search(line) or _TITLE_YEAR_LAST.search(line)


def _agency_line(line: str) -> Optional[str]:
    """A short line that is only an agency name (the line above a "2024年政府信息公开工作年度报告" title)."""
    line = _BRACKETED.sub("", line).strip()
    if not line or len(line) > 30 or _DOC_NUMBER.search(line) or re.search(r"[,，。:：;；]", line):
        return None
    return _clean_name(line)


def head_lines(norm: list[str], end: int) -> list[str]:
    """The first HEAD_LINES lines before the first heading (at `end`), and, after a long site header, the last ones."""
    return norm[:min(end, HEAD_LINES)] + norm[max(HEAD_LINES, end - HEAD_LINES):end]


def read_meta(norm: list[str], end: int = HEAD_LINES) -> Meta:
    """Title, agency and year from the lines before the first heading (normalised text)."""
    meta = Meta()
    head = [(_PAGE_PREFIX.sub("", _BRACKETED.sub("", line[:MAX_LINE])).strip()) for line in head_lines(norm, end)]
    idx = [i for i, line in enumerate(head) if line]
    for n, i in enumerate(idx):
        line = head[i]
        m, used = _title_match(line), [line]
        if m is None and n + 1 < len(idx) and len(line) <= 40 and not _title_match(head[idx[n + 1]]):
            joined = line + head[idx[n + 1]]
            m, used = _title_match(joined), [line, head[idx[n + 1]]]
            line = joined
        if m is None or _cites_other_document(line, m):
            continue
        meta.year = _year(m.group("year"))
        post = m.groupdict().get("post") or ""
        meta.agency = _clean_name(post) or _clean_name(m.group("pre"))
        if meta.agency is None and n > 0 and not m.group("pre").strip():
            meta.agency = _agency_line(head[idx[n - 1]])
            if meta.agency:
                used.insert(0, head[idx[n - 1]])
        whole = m.start() <= 2 and m.end() >= len(line) - 2
        meta.title = "".join(used) if whole else ""
        break
    text = "\n".join(head)
    if meta.year is None and (m := _PERIOD.search(text) or _NIANBAO.search(text)):
        meta.year = _year(m.group(1))
    if meta.agency is None and (m := _CONTACT.search(text)):
        meta.agency = _clean_name(m.group(1))
        if meta.agency:
            meta.notes.append(f"机关名称取自联系方式：{meta.agency}")
    return meta


def count_titled_reports(norm: list[str]) -> int:
    """How many different reports the lines name by their titles (different years or agencies): a list of reports
    or a sources note names several, a report names itself (title, preamble) once."""
    years, agencies = set(), set()
    for line in norm:
        m = _title_match(line[:MAX_LINE])
        if m and not _cites_other_document(line, m):
            years.add(m.group("year"))
            name = _clean_name(m.groupdict().get("post") or "") or _clean_name(m.group("pre"))
            if name:
                agencies.add(name)
    return max(len(years), len(agencies))


def year_from_period(text: str) -> Optional[int]:
    """The year of the statistical period ("统计期限为2024年1月1日至…") anywhere in the text given."""
    m = _PERIOD.search(text)
    return _year(m.group(1)) if m else None


def year_from_opening(section_one: str) -> Optional[int]:
    """The year that opens section 一 ("2022年，我局…"), used only when the front matter gives none."""
    m = _YEAR_OPENING.match(section_one)
    return _year(m.group(1)) if m else None
