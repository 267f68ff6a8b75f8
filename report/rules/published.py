"""Rules that read a published report as printed (not only its figures): the 2019 format summarised in one finding
(F1), a fee printed with more than 4 decimals (F2), a section heading that differs from the official wording (F3),
and a figure far from the agency's own series of years (Y3). The batch checker runs them (report.parser.check)."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from report import format as fmt
from report.compare import SERIES_RULE, Series, series_issues
from report.facts import Facts
from report.parsed import ParsedReport
from report.parser.normalize import canon, normalize
from report.rules.base import Issue
from report.rules.registry import Rule

_NUMERAL = re.compile(r"^(?:第)?([一二三四五六])(?:部分)?\s*[、.．,，:：]?\s*")
_DECOR = re.compile(r"^[#*\s>]+|[*\s]+$")
_END = re.compile(r"[:：。.；;]+$")
_PUNCT = re.compile(r"[、，,；;·.．:：\s]")


def _wording(title: str) -> str:
    """A heading's words for comparison: canonical form, punctuation and spaces aside (、 or ， is no typo)."""
    return _PUNCT.sub("", canon(title))


_ACCEPTED: dict[str, frozenset[str]] = {  # the official title and the wordings in use that are no typo
    s.num: frozenset(_wording(v) for v in (s.title, *s.variants)) for s in fmt.SECTIONS}


def _none(facts: Facts) -> Iterator[Issue]:
    """These rules read the report as printed, not Facts: nothing to check on figures alone."""
    return iter(())


PUBLISHED_RULES: tuple[Rule, ...] = (
    Rule("F1", "warning", "2019年格式的报告：所用格式和空白单元格汇总为一条（2021年起应使用2021年格式）", _none),
    Rule("F2", "warning", "收费金额（万元）保留4位小数", _none),
    Rule("F3", "warning", "章节标题与官方表述一致", _none),
    Rule(SERIES_RULE.key, "warning", SERIES_RULE.title, _none),
)
PUBLISHED_RULE_BY_KEY: dict[str, Rule] = {r.key: r for r in PUBLISHED_RULES}


def format_2019_issue(parsed: ParsedReport, year: int, blank: int) -> Optional[Issue]:
    """F1: one finding for a 2019-format report: the format, and its blank cells counted instead of one each."""
    if parsed.format != fmt.FORMAT_2019:
        return None
    parts = [f"本报告的表格为2019年格式（{fmt.NOTICE_2019}）"]
    if year >= 2021:
        parts.append(f"报告年度为{year}年，应使用2021年格式（{fmt.NOTICE_2021}）")
    if blank:
        parts.append(f"表中有 {blank} 个单元格空白或为“/”（未逐格列出）")
    if len(parts) == 1:
        return None  # a 2019 report in the 2019 format, every cell filled: nothing to say
    parts.append("已按该格式核对适用的勾稽关系和正文数字")
    late = year >= 2021
    return Issue((), "；".join(parts), expected=fmt.NOTICE_2021 if late else "每格填写数字（没有的填 0）",
                 actual=fmt.NOTICE_2019 if late else f"{blank} 个单元格空白", tag="format2019")


def fee_decimals_issue(parsed: ParsedReport) -> Optional[Issue]:
    """F2: the fee printed with more than 4 decimals (24252.311082 万元)."""
    fee = (parsed.t2 or {}).get("fees_wan")
    if not isinstance(fee, str) or "." not in fee or len(fee.split(".")[1]) <= fmt.FEE_MAX_DECIMALS:
        return None
    return Issue(("t2.fees_wan",), f"{fmt.cell_label('t2.fees_wan')} 为 {fee}，有 {len(fee.split('.')[1])} 位小数，"
                 f"应保留{fmt.FEE_MAX_DECIMALS}位小数", expected=f"{fmt.FEE_MAX_DECIMALS}位小数", actual=fee)


def heading_title(line: str) -> tuple[str, str]:
    """The numeral and the title of a heading line as printed ("四、政府信息公开…" → ("四", "政府信息公开…"))."""
    s = _DECOR.sub("", normalize(line)).strip()
    m = _NUMERAL.match(s)
    return (m.group(1), _END.sub("", s[m.end():]).strip()) if m else ("", _END.sub("", s))


def heading_issues(parsed: ParsedReport) -> Iterator[Issue]:
    """F3: each section heading whose wording is neither the official title nor a wording in use, or whose numeral
    is not its section's; the finding quotes both."""
    for num, line in parsed.headings.items():
        numeral, title = heading_title(line)
        official = fmt.SECTION_BY_NUM[num].heading
        if numeral == num and _wording(title) in _ACCEPTED[num]:
            continue
        what = "编号" if _wording(title) in _ACCEPTED[num] else "文字"
        yield Issue((f"section.{num}",), f"第{num}部分标题“{line.strip()}”与官方表述“{official}”不一致（{what}不同）",
                    expected=official, actual=line.strip(), tag=f"heading{num}", quote=line.strip())


def published_findings(parsed: ParsedReport, facts: Facts, blank: int, series: Optional[Series]) -> list:
    """Findings of the published-report rules on one report (F1, F2, F3, and Y3 when a series is given)."""
    rule = PUBLISHED_RULE_BY_KEY
    out = []
    if (issue := format_2019_issue(parsed, facts.year, blank)) is not None:
        out += rule["F1"].findings([issue])
    if (issue := fee_decimals_issue(parsed)) is not None:
        out += rule["F2"].findings([issue])
    out += rule["F3"].findings(heading_issues(parsed))
    if series:
        out += rule[SERIES_RULE.key].findings(series_issues(facts, series))
    return out
