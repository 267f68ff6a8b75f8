"""P3: a number in the narrative that paraphrases a table figure must equal it; only clearly bound numbers are read."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, NamedTuple, Optional

from report.facts import Facts
from report.figures import FIGURE_CELLS, figure_values
from report.numbers import NumberMention, find_numbers, normalize_digits, split_sentences
from report.rules.base import Issue

# ---------------------------------------------------------------- words that make a number something else

# A comparison with another year: the number is not this year's figure.
COMPARISON = re.compile(r"上年|去年|上一年|同比|同期|较|相比|环比")
_YEAR = re.compile(r"(\d{4})年")
# A part of the figure (by applicant, channel, topic or stage), not the figure itself.
PART_WORDS = re.compile(r"自然人|法人|企业|组织|机构|个人|公民|律师|网上|网络|线上|当面|现场|当场|信函|邮寄|传真|邮件|新增|"
                        r"涉及|关于|有关|方面|领域")
# Other matters counted in 件 that share a sentence with applications (hotlines, letters, proposals…).
OTHER_MATTERS = re.compile(r"热线|12345|信箱|诉求|工单|咨询|留言|建议|提案|信访|举报|投诉")
# A part of the documents (by issuer or topic) or the 规章 counted with them, not the row of Table 二.
DOC_PARTS = re.compile(r"名义|其中|部门|涉及|关于|有关|方面|领域|规章|清理|审查|备案|解读|公开|征求")
# Table 二 counts: words before the number that make it a total since some date, as of the writing, or a plan.
SINCE = re.compile(r"截至目前|截止目前|截至发稿|目前|至今|迄今|以来|历年|历来|先后|"
                   r"(?<!全年)(?<!本年)(?<!年内)(?<!今年)(?<!年度)(?<!当年)累计")
PLANNED = re.compile(r"拟|计划|预计|争取|力争|将|下一步|下一?年度|明年")
# Table 二 counts: after the number, another action on those documents (对…393件进行清理): the number is its object.
ACTED_ON = re.compile(r"进行|开展|予以|组织|逐件|逐一|全面|清理|审查|评估|梳理|修订|修改|备案|解读")
# Review and litigation counted together, or only one stage of them.
CASE_PARTS = re.compile(r"其中|新收|新增|直接|复议后|审|结转|维持|纠正")
# "受理" or a sentence saying the count includes last year's carried-over applications: r1 + r2 is meant.
INCLUDES_CARRIED = re.compile(r"(?:含|包括|包含|其中)[^，,。；;]{0,6}?上一?年度?结转")
# A reason in front of a result group: without 等 it names only one sub-row.
REASON = re.compile(r"因|由于|属于|属")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?（）()]")
_FOOTER = re.compile(r"^\s*[-—–－]+\s*\d+\s*[-—–－]+\s*$", re.M)
# A heading on a line of its own ("（二）依申请公开方面"): it ends a sentence even without a full stop.
_HEADING_LINE = re.compile(r"^(\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])[^。；;，,：:\n]{0,24})$",
                           re.M)
_SPACE = re.compile(r"\s+")

_FILL = r"(?:共计|合计|总计|累计|共有|共|计)?(?:为|达到|达|有)?"
_APPS = r"(?:政府信息公开|信息公开|依申请公开)?(?:申请)?"
_RESULT = r"(?:的)?(?:申请)?" + _FILL + r"\Z"

# ---------------------------------------------------------------- paraphrases as data

Option = tuple[str, tuple[str, ...]]  # (Chinese label, names in report.figures summed)


@dataclass(frozen=True)
class Paraphrase:
    """How a narrative names one table figure, and which figures a number bound to that phrase may equal."""

    name: str
    words: str  # what the text calls it, for messages
    pattern: re.Pattern  # searched in the clause before the number (ends at it); matched right after it when after=True
    options: tuple[Option, ...]
    units: tuple[str, ...] = ("件", "宗")
    after: bool = False
    context: bool = False  # the figure is only implied: 申请 must come before it, with no other matter between
    parts: re.Pattern = PART_WORDS  # words in the clause that make the number a part, not the figure
    lead: Optional[re.Pattern] = None  # what alone may stand in the clause before the phrase
    reasoned: bool = False  # a result group: "因…" without 等 names one sub-row
    carried_options: tuple[Option, ...] = ()  # also accepted after 受理 or when the sentence says 含上年结转
    this_year_only: bool = False  # Table 二: quiet on another year, a total since, a plan or the object of an action


def _p(regex: str) -> re.Pattern:
    return re.compile(regex)


_BOTH = (("予以公开与部分公开之和", ("group:予以公开", "group:部分公开")),)
PARAPHRASES: tuple[Paraphrase, ...] = (
    Paraphrase("reconsideration", "行政复议件数", _p(r"(?<![和及与、])(?:行政复议|(?<!行政)复议)(?:申请|案件|案)?" + _FILL + r"\Z"),
               (("表四 行政复议总计", ("reconsideration",)),), units=("件", "起", "宗"),
               parts=re.compile(f"{PART_WORDS.pattern}|{CASE_PARTS.pattern}|诉讼|收到|受理|审理|复议机关")),
    Paraphrase("litigation", "行政诉讼件数", _p(r"(?<![和及与、])(?:行政诉讼|(?<!行政)诉讼)(?:案件|案)?" + _FILL + r"\Z"),
               (("表四 未经复议直接起诉与复议后起诉两项总计之和", ("litigation",)),), units=("件", "起", "宗"),
               parts=re.compile(f"{PART_WORDS.pattern}|{CASE_PARTS.pattern}|复议")),
    Paraphrase("received", "收到申请件数",
               _p(r"(?<![未不予没])(?P<verb>收到|新收|接收|接到|受理)(?P<gap>[^，,；;：:。！？!?（）()、\d]{0,16}?)"
                  r"(?:依申请公开(?:事项)?|申请(?:公开)?(?:事项)?)(?:数量|件数|总数|总量|数|量)?" + _FILL + r"\Z"),
               (("表三 本年新收", ("received",)),),
               parts=re.compile(f"{PART_WORDS.pattern}|{OTHER_MATTERS.pattern}|复议|诉讼|和|及|与|并|办结|答复|结转"),
               carried_options=(("本年新收与上年结转之和", ("received", "carried_in")),)),
    Paraphrase("carried_in", "上年结转件数",
               _p(r"(?:上一?年度?|去年)结转(?:至本年度?|到本年度?)?(?:办理)?(?:的)?" + _APPS + r"(?:事项|件数|数量|数)?"
                  + _FILL + r"\Z"),
               (("表三 上年结转", ("carried_in",)),), context=True),
    Paraphrase("handled", "办结件数",
               _p(r"(?<![未并和及且、期场面])(?:办结|答复|办理完毕|处理完毕)(?:了)?" + _APPS + _FILL + r"\Z"),
               (("表三 （七）总计", ("handled",)),), context=True,
               lead=re.compile(r"(?:.*(?:共|已|均|全部|累计|依法|合计|年度|全年|年内|年))?")),
    Paraphrase("carried_out", "结转下年度件数",
               _p(r"(?:结转|转入|顺延)(?:至|到)?下一?年度?(?:继续)?(?:办理|答复|处理)?(?:的)?" + _APPS + _FILL + r"\Z"),
               (("表三 结转下年度继续办理", ("carried_out",)),), context=True),
    Paraphrase("carried_out_after", "结转下年度件数",
               _p(r"件(?:申请)?(?:按照?《[^》]{1,20}》(?:规定)?)?(?:顺延|延期|结转|转入)(?:至|到)?下一?年度?"),
               (("表三 结转下年度继续办理", ("carried_out",)),), after=True, context=True),
    Paraphrase("opened_and_partial", "予以公开及部分公开件数",
               _p(r"予以公开(?:及|和|与|、|或|以及)部分公开" + _RESULT), _BOTH, reasoned=True),
    Paraphrase("opened", "予以公开件数", _p(r"(?<!不)予以公开" + _RESULT),
               (("表三 予以公开", ("group:予以公开",)), *_BOTH), reasoned=True),
    Paraphrase("partial", "部分公开件数", _p(r"(?<![及和与、或])部分公开" + _RESULT),
               (("表三 部分公开", ("group:部分公开",)),), reasoned=True),
    Paraphrase("withheld", "不予公开件数", _p(r"(?<!部分)不予以?公开" + _RESULT),
               (("表三 不予公开（1—8 项之和）", ("group:不予公开",)),), reasoned=True),
    Paraphrase("unavailable", "无法提供件数", _p(r"无法提供" + _RESULT),
               (("表三 无法提供（1—3 项之和）", ("group:无法提供",)),), reasoned=True),
    Paraphrase("not_processed", "不予处理件数", _p(r"不予处理" + _RESULT),
               (("表三 不予处理（1—5 项之和）", ("group:不予处理",)),), reasoned=True),
    Paraphrase("other_handling", "其他处理件数", _p(r"其他处理" + _RESULT),
               (("表三 其他处理（1—3 项之和）", ("group:其他处理",)),), reasoned=True),
    # Table 二: the 行政规范性文件 row, as prose states it (现行有效…393件; 制发…12件).
    Paraphrase("docs_valid", "现行有效行政规范性文件件数",
               _p(r"(?:现行有效(?:的)?(?:行政)?规范性文件|(?<!规章和)(?<!规章及)(?<!规章、)(?:行政)?规范性文件"
                  r"(?:共|总计|累计)?现行有效)(?:数量|件数|总数)?" + _FILL + r"\Z"),
               (("表二 行政规范性文件 现行有效件数", ("docs_valid",)),), units=("件", "个", "份"), parts=DOC_PARTS, this_year_only=True),
    Paraphrase("docs_made", "制发行政规范性文件件数",
               _p(r"(?:制发|印发|出台|制定)(?:了)?(?:行政)?规范性文件(?:数量|件数)?" + _FILL + r"\Z"),
               (("表二 行政规范性文件 本年制发件数", ("docs_made",)),), units=("件", "个", "份"), parts=DOC_PARTS, this_year_only=True),
    Paraphrase("docs_repealed", "废止行政规范性文件件数",
               _p(r"废止(?:了)?(?:行政)?规范性文件(?:数量|件数)?" + _FILL + r"\Z"),
               (("表二 行政规范性文件 本年废止件数", ("docs_repealed",)),), units=("件", "个", "份"),
               parts=DOC_PARTS, this_year_only=True),
)

_UNITS = frozenset(u for p in PARAPHRASES for u in p.units)

# "未收到/未受理…申请" while the table has applications.
NO_APPLICATIONS = re.compile(r"(?:未|没有|没)(?:收到|受理|新收|接到|接收)(?P<gap>[^，,；;：:。！？!?（）()\d]{0,12}?)申请"
                             r"(?!人|行政复议|复议|材料|书)")
_NO_APPLICATIONS_GAP = re.compile(f"{PART_WORDS.pattern}|{OTHER_MATTERS.pattern}|复议|诉讼|重复")


def no_applications_claims(text: str) -> Iterator[re.Match]:
    """Each place where a text says no application was received ("未收到申请"), not about a part or another matter."""
    return (m for m in NO_APPLICATIONS.finditer(text) if not _NO_APPLICATIONS_GAP.search(m["gap"]))

# ---------------------------------------------------------------- text handling


def normalize_text(text: str) -> str:
    """Text as one run: page footers dropped, headings ended, line breaks and spaces removed (kept between digits)."""
    text = normalize_digits(_HEADING_LINE.sub(r"\1。", _FOOTER.sub("", text)))

    def keep(m: re.Match) -> str:
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""

    return _SPACE.sub(keep, text)


def _quote(sentence: str, start: int, end: int, width: int = 90) -> str:
    """The sentence, or a window of it around [start, end) when it is long."""
    sentence = sentence.strip()
    if len(sentence) <= width:
        return sentence
    left = max(0, start - width // 2)
    right = min(len(sentence), max(end + width // 3, left + width))
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


def _clause_start(sentence: str, pos: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, pos)]
    return starts[-1] if starts else 0


def _other_year(text: str, year: int) -> bool:
    return any(int(y) != year for y in _YEAR.findall(text))


def _clear_context(context: str) -> bool:
    """True when 申请 comes before, with no other matter (hotline, proposals…) after it."""
    i = context.rfind("申请")
    return i >= 0 and not OTHER_MATTERS.search(context, i)


def _this_years_count(sentence: str, m: NumberMention, lead: str, year: int) -> bool:
    """A Table 二 count as this year's: no other year or total-since before it, no plan, not an action's object."""
    before, after = sentence[:m.start], sentence[m.end:]
    tail = after[:end.start()] if (end := _CLAUSE_BREAK.search(after)) else after
    return not (_other_year(before, year) or SINCE.search(before) or PLANNED.search(lead)
                or ACTED_ON.search(tail) or lead.startswith("对"))


def _bind(m: NumberMention, sentence: str, previous: str, year: int) -> Optional[tuple[Paraphrase, re.Match]]:
    """The paraphrase a number is clearly bound to, with its match; None when the number is not clearly bound."""
    if m.kind != "count" or m.approx:  # 20余件 is not a statement of the exact figure
        return None
    clause = sentence[_clause_start(sentence, m.start):m.start]
    for p in PARAPHRASES:
        if m.unit not in p.units:
            continue
        match = p.pattern.match(sentence, m.end) if p.after else p.pattern.search(clause)
        if not match:
            continue
        lead = clause if p.after else clause[:match.start()]
        if COMPARISON.search(lead) or _other_year(lead, year) or p.parts.search(clause):
            return None
        if p.lead and not p.lead.fullmatch(lead) or p.reasoned and REASON.search(lead) and "等" not in lead:
            return None
        if p.context and not _clear_context(previous + sentence[:m.start]):
            return None
        if p.this_year_only and not _this_years_count(sentence, m, lead, year):
            return None
        return p, match
    return None


# ---------------------------------------------------------------- the check


def _options(p: Paraphrase, match: re.Match, sentence: str, values: dict) -> list[tuple[str, int]]:
    """Accepted (label, value) pairs for a bound number; those with an unknown figure are left out."""
    options = list(p.options)
    if p.carried_options and (match.groupdict().get("verb") == "受理" or INCLUDES_CARRIED.search(sentence)):
        options += p.carried_options
    out = []
    for label, names in options:
        parts = [values.get(n) for n in names]
        if None not in parts:
            out.append((label, sum(parts)))  # type: ignore[arg-type]
    return out


def _mismatch(num: str, p: Paraphrase, sentence: str, m: NumberMention, options: list[tuple[str, int]],
              tag: str) -> Issue:
    cells = tuple(c for name in p.options[0][1] for c in FIGURE_CELLS[name])
    table = "，或".join(f"{label}为 {value}" for label, value in options)
    quote = _quote(sentence, m.start, m.end)
    return Issue(cells, f"第{num}部分“{quote}”：{p.words}写为 {m.value}，与表中不符（{table}）",
                 expected=options[0][1], actual=int(m.value), tag=tag, quote=sentence.strip())


def _no_applications(num: str, sentence: str, received: Optional[int], year: int) -> Optional[Issue]:
    """The sentence says no application was received while Table 三 has some."""
    if not received:
        return None
    for match in no_applications_claims(sentence):
        lead = sentence[_clause_start(sentence, match.start()):match.start()]
        if COMPARISON.search(lead) or _other_year(lead, year):
            continue
        return Issue(FIGURE_CELLS["received"], f"第{num}部分“{_quote(sentence, match.start(), match.end())}”："
                     f"写未收到申请，但表三本年新收为 {received}", expected=received, actual=0, tag=f"{num}:no_applications",
                     quote=sentence.strip())
    return None


Binding = tuple[NumberMention, Paraphrase, re.Match]


def _sentences(text: str, year: int) -> Iterator[tuple[str, list[Binding]]]:
    """Each sentence of the text with the numbers it clearly binds to a table figure."""
    previous = ""
    for _start, _end, sentence in split_sentences(normalize_text(text)):
        if any(unit in sentence for unit in _UNITS):
            yield sentence, [(m, *b) for m in find_numbers(sentence) if (b := _bind(m, sentence, previous, year))]
        else:
            yield sentence, []
        previous = sentence


def section_issues(num: str, text: str, values: dict, year: int) -> Iterator[Issue]:
    """P3 issues of one section's text, given the figure values of the tables."""
    seen: Counter[str] = Counter()
    for sentence, bindings in _sentences(text, year):
        for m, p, match in bindings:
            tag = f"{num}:{p.name}:{seen[p.name]}"
            seen[p.name] += 1
            options = _options(p, match, sentence, values)
            if options and all(int(m.value) != v for _, v in options):
                yield _mismatch(num, p, sentence, m, options, tag)
        if issue := _no_applications(num, sentence, values.get("received"), year):
            yield issue


def check_p3(facts: Facts) -> Iterator[Issue]:
    """P3: numbers in the sections that paraphrase a table figure (收到、办结、结转、复议、诉讼…) agree with it."""
    if not facts.sections:
        return
    values = figure_values(facts, filled=True)  # the figures as the validator prepared them (filled or as published)
    for num, text in facts.sections.items():
        yield from section_issues(num, text, values, facts.year)


class Bound(NamedTuple):
    """A number clearly bound to a table figure: the paraphrase, the figures it names, its words, value, sentence."""

    name: str
    figures: tuple[str, ...]
    words: str
    value: int
    sentence: str


def bound_numbers(text: str, year: int) -> list[Bound]:
    """Every number the text clearly binds to a table figure."""
    return [Bound(p.name, p.options[0][1], p.words, int(m.value), sentence)
            for sentence, bindings in _sentences(text, year) for m, p, _ in bindings]
