"""Checks of the narrative sections: P4 信息处理费 in 六, P5 narrative sections present and not thin, P7 format notice."""
from __future__ import annotations

import re
from typing import Iterator

from report import format as fmt
from report.facts import Facts
from report.rules.base import Issue

MIN_NARRATIVE_CHARS = 20
FEE_WORDS = ("信息处理费", "处理费")
NO_FEE = re.compile(r"(未|没有|没)收(取)?(任何)?(信息处理费|处理费)")  # "本年度未收取信息处理费"
_SPACE = re.compile(r"\s+")
NOTHING_ELSE = re.compile(r"(?:本年度?)?(?:无|没有)(?:其他需要报告的事项|其他事项)?[。.]?")  # 六 saying there is nothing
_OPEN, _CLOSE = re.escape("〔[［【(（"), re.escape("〕]］】)）")
# A citation of a 国办 document: name, year, number (brackets and spaces as found in the wild).
_CITATION = re.compile(rf"((?:国办|国务院办公厅)[\u4e00-\u9fff]{{0,10}}?函)\s*[{_OPEN}]\s*(\d{{4}})\s*[{_CLOSE}]\s*(\d+)\s*号")
_RIGHT_NAME, _RIGHT_YEAR, _RIGHT_NO = "国办公开办函", "2021", "30"


# The 落款 closing the report (agency on a line, then the date), which the last section's text carries along.
_SIGNATURE = re.compile(r"(?:\n[^\n。，,；;：:]{2,40})?\n\s*(?:\d{4}|[〇一二三四五六七八九零]{4})\s*年[^\n]{1,8}日\s*$")


def without_signature(text: str) -> str:
    """The text without the 落款 (agency line and date) that closes a report."""
    return _SIGNATURE.sub("", text.rstrip())


def reports_fee(text: str) -> bool:
    """True when the text says how much 信息处理费 was collected, or that none was."""
    return any(w in text for w in FEE_WORDS)


def section_cell(num: str) -> str:
    """Pseudo cell key of a whole section, e.g. "section.六" (as P8 uses)."""
    return f"section.{num}"


def p4_section(num: str, text: str, facts: Facts) -> Iterator[Issue]:
    """P4 on one section's text: section 六, when written, says how much 信息处理费 was collected (or that none was)."""
    if num == "六" and text.strip() and not reports_fee(text):
        yield Issue((section_cell("六"),), "第六部分未说明信息处理费的收取情况：应写明收取金额，或写明本年度未收取信息处理费",
                    expected="信息处理费", actual=None)


def check_p4(facts: Facts) -> Iterator[Issue]:
    """P4: section 六, when written, must say how much 信息处理费 was collected (or that none was)."""
    yield from p4_section("六", (facts.sections or {}).get("六", ""), facts)


def p5_section(num: str, text: str, facts: Facts) -> Iterator[Issue]:
    """P5 on one narrative section's text: present and at least MIN_NARRATIVE_CHARS characters."""
    if num not in fmt.NARRATIVE_SECTIONS:
        return
    heading, cells = fmt.SECTION_BY_NUM[num].heading, (section_cell(num),)
    length = len(_SPACE.sub("", without_signature(text)))
    if num == "六" and length and (reports_fee(text) or NOTHING_ELSE.fullmatch(_SPACE.sub("", without_signature(text)))):
        return  # 六 is often the one required sentence on the fee (or "无。"), complete as it is (P4 asks the fee)
    if length == 0:
        yield Issue(cells, f"缺少第{num}部分“{heading}”的正文", expected=MIN_NARRATIVE_CHARS, actual=0)
    elif length < MIN_NARRATIVE_CHARS:
        yield Issue(cells, f"第{num}部分“{heading}”只有 {length} 个字，内容过于简单，应不少于 {MIN_NARRATIVE_CHARS} 字",
                    expected=MIN_NARRATIVE_CHARS, actual=length)


def check_p5(facts: Facts) -> Iterator[Issue]:
    """P5: narrative sections 一, 五, 六 present and at least 20 characters, when the narrative is given."""
    if facts.sections is None:
        return
    for num in fmt.NARRATIVE_SECTIONS:
        yield from p5_section(num, facts.sections.get(num, ""), facts)


def _citation_problem(name: str, year: str, number: str, sentence: str, report_year: int) -> str:
    """What is wrong with one cited 国办 document as the format notice, or "" when right or about something else."""
    if (year, number) == ("2019", "60") and "公开" in name:
        return "引用的是已被替代的 2019 年格式通知" if report_year >= 2021 else ""
    if (year, number) == (_RIGHT_YEAR, _RIGHT_NO):
        return "通知名称写错" if name != _RIGHT_NAME and "公开" in name else ""
    if name == _RIGHT_NAME and year == _RIGHT_YEAR and "格式" in sentence:
        return "文号写错"
    return ""


def _sentence_around(text: str, pos: int) -> str:
    """The sentence of text that holds position pos."""
    start = max(text.rfind(ch, 0, pos) for ch in "。！？；\n") + 1
    ends = [i for ch in "。！？；\n" if (i := text.find(ch, pos)) >= 0]
    return text[start:min(ends, default=len(text))]


def citation_issues(where: str, cell: str, text: str, year: int) -> Iterator[Issue]:
    """P7 issues of one text: each citation of a 国办 notice that is not 国办公开办函〔2021〕30号."""
    for m in _CITATION.finditer(text):
        name, cited_year, number = m.groups()
        sentence = _sentence_around(text, m.start())
        problem = _citation_problem(name, cited_year, number, sentence, year)
        if problem:
            found = _SPACE.sub("", m.group(0))
            yield Issue((cell,), f"{where}引用“{found}”：{problem}，应为“{fmt.NOTICE_2021}”",
                        expected=fmt.NOTICE_2021, actual=found, tag=f"{name}{cited_year}-{number}",
                        quote=sentence.strip())


def check_p7(facts: Facts) -> Iterator[Issue]:
    """P7: the text cites the format notice as 国办公开办函〔2021〕30号 (not 〔2019〕60号, not a wrong name or number)."""
    for num, text in (facts.sections or {}).items():
        yield from citation_issues(f"第{num}部分", section_cell(num), text, facts.year)
