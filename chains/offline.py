"""The offline drafter: a complete first draft of sections 一, 五 and 六 with no LLM; code writes every number."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Any, Iterable, Iterator, Optional

from chains.model import OFFLINE_MODEL_NAME
from report import format as fmt
from report.facts import Facts
from report.figures import FIGURES, figure_values
from report.basis import LastYear, ThisYear
from report.drafted import DraftedSection, check_section
from report.findings import Finding
from report.numbers import NumberMention, find_numbers, split_sentences
from report.subheads import SUBHEADS, notes_by_subhead
from report.textcheck import NEEDS_CHECK, PLACEHOLDER
from settings import PROMPTS_DIR



@lru_cache(maxsize=1)
def phrases() -> dict[str, Any]:
    """The offline drafter's fixed wording (prompts/offline.toml)."""
    with open(PROMPTS_DIR / "offline.toml", "rb") as fh:
        return tomllib.load(fh)


def _sentence(note: str) -> str:
    note = note.strip().rstrip("。；;，,")
    return note + "。" if note else ""


def _notes_by_route(notes: list[str]) -> dict[str, list[str]]:
    return {key: [_sentence(n) for n in items] for key, items in notes_by_subhead(notes).items()}


def _requests_paragraph(values: dict[str, Optional[int]]) -> str:
    p = phrases()["one"]
    if values["received"] == 0 and values["carried_in"] == 0:
        return p["requests_none"]
    if values["received"] == 0 and not values["carried_in"]:
        return p["requests_none_new"]
    if any(values[k] is None for k in ("received", "carried_in", "handled", "carried_out")):
        return NEEDS_CHECK + "表三尚有未填写的数字，请补全后再起草依申请公开情况。"
    text = p["requests"].format(**values)
    parts = [f"{g}{values[f'group:{g}']}件" for g in fmt.T3_GROUPS if values.get(f"group:{g}")]
    if parts:
        text += p["requests_results"].format(parts="，".join(parts))
    return text + p["requests_close"]


def _appeals_sentence(values: dict[str, Optional[int]]) -> str:
    p = phrases()["one"]
    if values["reconsideration"] is None or values["litigation"] is None:
        return NEEDS_CHECK + "表四尚有未填写的数字，请补全行政复议、行政诉讼情况。"
    if values["reconsideration"] == 0 and values["litigation"] == 0:
        return p["appeals_none"]
    return p["appeals"].format(**values)


def _active_tables(values: dict[str, Optional[int]]) -> str:
    keys = ("docs_made", "docs_repealed", "docs_valid", "licensing", "penalty", "coercion")
    if any(values[k] is None for k in keys):
        return NEEDS_CHECK + "表二尚有未填写的数字。"
    return phrases()["one"]["active_tables"].format(**values)


def compose_one(facts: Facts) -> str:
    """Section 一 from the tables and the notes, in five sub-heads."""
    p, values = phrases()["one"], figure_values(facts)
    routed = _notes_by_route(facts.notes.get("一", []))
    heads = {s.key: s.line for s in SUBHEADS}
    oversight = "".join(routed["oversight"]) + p["oversight"]
    if facts.level in fmt.GOVERNMENT_LEVELS:
        oversight += p["oversight_government"]
    blocks = [
        p["intro"].format(year=facts.year, agency=facts.agency),
        heads["active"], "".join(routed["active"]) + (p["active_default"] if not routed["active"] else "")
        + _active_tables(values),
        heads["requests"], _requests_paragraph(values) + _appeals_sentence(values),
        heads["management"], "".join(routed["management"]) + p["management"],
        heads["platform"], "".join(routed["platform"]) + p["platform"],
        heads["oversight"], oversight,
    ]
    return "\n".join(blocks)


def _split_problem_notes(notes: list[str]) -> tuple[list[str], list[str]]:
    problems, measures = [], []
    for note in notes:
        head, _, rest = note.partition("：")
        if rest and ("改进" in head or "措施" in head or "整改" in head):
            measures.append(_sentence(rest))
        elif rest and "问题" in head:
            problems.append(_sentence(rest))
        elif any(w in note for w in ("将", "下一步", "加强", "建立", "完善")) and "不够" not in note:
            measures.append(_sentence(note))
        else:
            problems.append(_sentence(note))
    return problems, measures


def last_year_problems(last: Optional[LastYear], limit: int = 3) -> list[str]:
    """Short problem phrases from last year's section 五 (一是…；二是… or its first sentences)."""
    text = last.section("五") if last else ""
    if not text:
        return []
    found = re.findall(r"[一二三四五]是([^；;。]{4,40})", text)
    if not found:
        found = [s.strip("。；; \n") for _, _, s in split_sentences(text) if "问题" not in s[:8]][:limit]
    return [re.sub(r"\s+", "", x).rstrip("，,") for x in found[:limit] if not find_numbers(x)]


def compose_five(facts: Facts, previous: Optional[LastYear] = None) -> str:
    """Section 五: last year's problems and their follow-up, this year's problems, measures."""
    p = phrases()["five"]
    problems, measures = _split_problem_notes(facts.notes.get("五", []))
    last = last_year_problems(previous)
    blocks = []
    if last:
        blocks += [p["last_year_head"], p["last_year"].format(problem="”“".join(last), agency=facts.agency)]
    blocks += [p["problems_head"] if last else p["problems_head_first"], "".join(problems) or p["problems_missing"]]
    blocks += [p["measures_head"] if last else p["measures_head_first"], "".join(measures) + p["measures_default"]]
    return "\n".join(blocks)


_FEE_NONE = re.compile(r"(未|没有|没|无|不)收(取)?(任何)?(信息)?处理费|信息处理费[^，。；\d]{0,4}(为)?(零|0)\s*元")
_FEE_AMOUNT = re.compile(r"信息处理费[^，。；\d]{0,8}?(\d+(?:\.\d+)?)\s*元")


def fee_sentence(notes: list[str]) -> str:
    """The 信息处理费 statement in formal wording, from the notes that mention the fee (as written when unclear)."""
    p = phrases()["six"]
    text = "".join(notes)
    if not text:
        return p["fee_missing"]
    if _FEE_NONE.search(text):
        return p["fee_none"]
    amounts = _FEE_AMOUNT.findall(text)
    if len(amounts) == 1:
        return p["fee_amount"].format(amount=amounts[0])
    return text


def compose_six(facts: Facts) -> str:
    """Section 六: the 信息处理费 statement first, then the other notes."""
    p = phrases()["six"]
    notes = [_sentence(n) for n in facts.notes.get("六", [])]
    fee = [n for n in notes if "处理费" in n]
    others = [n for n in notes if n not in fee]
    lines = [fee_sentence(fee)]
    lines.append("".join(others) or p["nothing_else"])
    return "\n".join(lines)


# ---------------------------------------------------------------- carrying last year's text forward


def _shift_years(text: str, old_year: int, new_year: int) -> str:
    delta = new_year - old_year
    wanted = {old_year - 1, old_year, old_year + 1}

    def repl(m: re.Match) -> str:
        y = int(m.group(1))
        return f"{y + delta}年" if y in wanted else m.group(0)

    return re.sub(r"(?<![〔\[（(\d])(\d{4})年", repl, text)


def _figure_for(context: str) -> Optional[str]:
    """The named figure whose keywords stand nearest before a number (within its clause)."""
    best, best_pos = None, -1
    for fig in FIGURES:
        for word in fig.keywords:
            pos = context.rfind(word)
            if pos > best_pos:
                best, best_pos = fig.name, pos
    return best


def _note_value(context: str, unit: str, notes: list[str]) -> Optional[int | str]:
    """A number from this year's notes stated after the same words as the old number (e.g. 图文消息…条)."""
    words = re.findall(r"[\u4e00-\u9fff]{2,}", context)[-1:] if context else []
    if not words:
        return None
    key = words[0][-4:]
    for note in notes:
        for m in find_numbers(note):
            if m.kind in ("count", "decimal", "percent") and m.unit == unit and key in note[:m.start]:
                return m.raw + ("%" if m.kind == "percent" and not m.raw.endswith(("%", "％")) else "")
    return None


T4_RESULT_WORDS: tuple[tuple[str, ...], ...] = (("维持",), ("纠正",), ("其他结果",), ("尚未审结", "未审结"))
T4_GROUP_WORDS: tuple[tuple[int, str], ...] = ((2, "复议后起诉"), (1, "直接起诉"), (0, "行政复议"), (0, "复议"))


def _t4_value(sentence: str, m: NumberMention, context: str, facts: Facts) -> Optional[int]:
    """The Table 四 cell a "结果维持 N 件"-style phrase names, from the group word that stands before it."""
    for word, col in (("复议后起诉", 15), ("直接起诉", 10)):
        if context.endswith(word):
            return facts.t4[col - 1]
    result = next((i for i, words in enumerate(T4_RESULT_WORDS) if any(context.endswith(w) or context.endswith(w + "的")
                                                                      for w in words)), None)
    if result is None:
        return None
    before = sentence[:m.start]
    found = [(before.rfind(word), group) for group, word in T4_GROUP_WORDS if word in before]
    if not found:
        return None
    group = max(found)[1]
    return facts.t4[group * 5 + result]


def _clause_before(sentence: str, m: NumberMention) -> str:
    start = max(sentence.rfind(c, 0, m.start) for c in "，,；;：:（(")
    return sentence[start + 1:m.start]


def _update_sentence(sentence: str, facts: Facts, values: dict, old_values: dict, notes: list[str],
                     year: int) -> tuple[str, bool]:
    """Rewrite the numbers of one carried sentence; returns (sentence, still needs checking)."""
    out, pos, unsure = [], 0, False
    for m in find_numbers(sentence):
        if m.kind in ("doc_no", "ordinal", "year", "date") or m.kind == "percent" and m.value == 100:
            continue
        context = _clause_before(sentence, m)
        fig = _figure_for(context) if m.kind == "count" else None
        new: Optional[int | str] = _t4_value(sentence, m, context, facts) if m.kind == "count" else None
        if new is not None:
            pass
        elif fig and values.get(fig) is not None and (not old_values or old_values.get(fig) in (None, m.value)):
            new = values[fig]
        elif m.kind == "count" and m.value in (0, 1) and m.unit not in ("件", ""):
            continue  # 一个、一次: idiom, not a figure (a stray 1件 may be last year's count, so it is checked)
        if new is None:
            new = _note_value(context, m.unit, notes)
        if new is None:
            new, unsure = PLACEHOLDER, True
        out.append(sentence[pos:m.start] + str(new))
        pos = m.end
    out.append(sentence[pos:])
    return "".join(out), unsure


def _previous_values(last: LastYear) -> dict[str, Optional[int]]:
    tables = {name: last.table(name) for name in ("t2", "t3", "t4")}
    if any(v is None for v in tables.values()):
        return {}
    try:
        prev = Facts.model_validate({"agency": last.agency or "上年", "year": last.year or 2008, **tables})
    except Exception:  # a partly read table: fall back to keyword matching alone
        return {}
    return figure_values(prev)


def carry_forward(num: str, facts: Facts, previous: LastYear) -> tuple[str, int]:
    """Last year's section text with years and known figures updated; returns (text, sentences marked)."""
    text = _shift_years(previous.section(num), previous.year or facts.year - 1, facts.year)
    values, old_values = figure_values(facts), _previous_values(previous)
    notes = [n for items in facts.notes.values() for n in items]
    lines, marked = [], 0
    for line in text.splitlines():
        parts = []
        for _, _, sentence in split_sentences(line):
            new, unsure = _update_sentence(sentence, facts, values, old_values, notes, facts.year)
            if "未收到" in new and "申请" in new and values.get("received"):
                new, unsure = _requests_paragraph(values), False
            if unsure:
                new, marked = NEEDS_CHECK + new, marked + 1
            parts.append(new)
        lines.append("".join(parts))
    return "\n".join(line for line in lines if line.strip()), marked


# ---------------------------------------------------------------- entry points


def _usable_previous(num: str, previous: Optional[LastYear]) -> bool:
    return bool(previous and len(previous.section(num)) >= 40)


def compose(num: str, this: ThisYear) -> str:
    """The offline text of one narrative section (一, 五 or 六); every number comes from the facts."""
    if num not in fmt.NARRATIVE_SECTIONS:
        raise ValueError(f"第{num}部分是统计表，不需要起草文字")
    facts, last = this.facts, this.last_year
    if num == "一" and _usable_previous(num, last):
        return carry_forward(num, facts, last)[0]  # type: ignore[arg-type]
    if num == "一":
        return compose_one(facts)
    return compose_five(facts, last) if num == "五" else compose_six(facts)


def offline_section(num: str, this: ThisYear | Facts, passages: Iterable[Any] = (), *,
                    open_errors: Optional[list[Finding]] = None, text: str = "") -> DraftedSection:
    """One section drafted with no model (or the text it streamed), composed once and checked once."""
    from report.basis import validated

    this = validated(this)
    text = text or compose(num, this)
    draft = DraftedSection(num, check_section(num, text, this, open_errors), list(passages),
                           prompt_version=f"offline@{phrases()['version']}", model=OFFLINE_MODEL_NAME)
    if _usable_previous(num, this.last_year) and num == "一":
        draft.notes.append(f"本部分以{this.last_year.label}为底稿，年份和已知数字已按本年数据更新。")  # type: ignore
    if marks := draft.text.count(NEEDS_CHECK):
        draft.notes.append(f"有{marks}处标注“{NEEDS_CHECK}”，请核实补充后再定稿。")
    return draft


def iter_offline(num: str, this: ThisYear, passages: Iterable[Any] = ()) -> Iterator[str]:
    """The offline text of a section, yielded sentence by sentence (for st.write_stream); checked when finished."""
    for _, _, sentence in split_sentences(compose(num, this)):
        yield sentence
