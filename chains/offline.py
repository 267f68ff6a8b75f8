"""The offline drafter: 一, 五 and 六 with no LLM. Every sentence has a fact behind it (a table figure, a staff note
rewritten in 公文 wording, a zero said as 未…), or is marked: 【待补充…】, 【建议】, 【参照本机关…报告】."""
from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Iterator, Optional

from chains.model import OFFLINE_MODEL_NAME
from report import format as fmt
from report.basis import LastYear, ThisYear, validated
from report.drafted import DraftedSection, check_section
from report.facts import Facts
from report.figures import figure_values
from report.findings import Finding
from report.numbers import find_numbers, split_sentences
from report.prose import (ADAPTED, SUGGESTION, done_notes, marks_notes, pair_problems, placeholder, plan_notes,
                          restates_table, suggestion_for)
from report.register import formal_clause, formal_sentence, is_plan
from report.subheads import SUBHEADS, notes_by_subhead, subhead_of
from report.textcheck import NEEDS_CHECK, PLACEHOLDER
from settings import PROMPTS_DIR

__all__ = ["NEEDS_CHECK", "PLACEHOLDER", "compose", "iter_offline", "offline_section", "phrases"]
_RESULT_NAMES = ("维持", "纠正", "其他结果", "尚未审结")
_LITIGATION_GROUPS = ((1, "未经复议直接起诉"), (2, "复议后起诉"))


@lru_cache(maxsize=1)
def phrases() -> dict[str, Any]:
    """The offline drafter's fixed wording (prompts/offline.toml)."""
    with open(PROMPTS_DIR / "offline.toml", "rb") as fh:
        return tomllib.load(fh)


# ---------------------------------------------------------------- notes as sentences


def note_sentences(notes: list[str], year: int) -> str:
    """Notes as 公文 sentences, one sentence each: the first led by 本年, the next by 同时/此外 (a later note's own
    "2024年，" is not said again after the first)."""
    p = phrases()["one"]
    out = []
    for i, note in enumerate(notes):
        lead = p["first_lead"] if i == 0 else p["leads"][(i - 1) % len(p["leads"])]
        text = formal_sentence(note, year, lead)
        for said in ((f"{year}年，", p["first_lead"]) if i else ()):
            text = lead + text[len(said):] if text.startswith(said) else text
        out.append(text)
    return "".join(out)


# ---------------------------------------------------------------- 一: tables said as 公文 says them


def _docs_clause(made: int, repealed: int, valid: int, kind: str) -> str:
    """本年制发{kind}3件，未废止，现行有效3件 (the kind named once; zeros said as 未制发/未废止/无现行有效; a stock
    below this year's made − repealed marked, not stated)."""
    p = phrases()["one"]
    if made == 0 and repealed == 0:
        parts = [p["docs_none"].format(kind=kind)]
    else:
        parts = [p["docs_made"].format(n=made, kind=kind) if made else p["docs_made_none"].format(kind=kind),
                 p["docs_repealed"].format(n=repealed, kind=kind) if repealed else
                 p["docs_repealed_none"].format(kind=kind)]
    if valid < made - repealed:
        parts.append(p["docs_valid_check"])
    else:
        parts.append(p["docs_valid"].format(n=valid, kind=kind) if valid else p["docs_valid_none"].format(kind=kind))
    return p["docs"].format(parts="，".join(parts))


def _regulations_sentence(facts: Facts) -> str:
    regs = facts.t2.regulations
    if not (regs.made or regs.repealed or regs.valid):
        return ""
    return _docs_clause(regs.made or 0, regs.repealed or 0, regs.valid or 0, "规章") + "。"


def _decisions_clause(v: dict[str, Optional[int]]) -> str:
    """作出行政许可决定36件…，未作出行政强制决定 (follows the documents in one sentence, after a semicolon)."""
    p = phrases()["one"]
    named = [("行政许可", v["licensing"]), ("行政处罚", v["penalty"]), ("行政强制", v["coercion"])]
    done = [p["decision"].format(name=name, n=n) for name, n in named if n]
    none = [name for name, n in named if not n]
    if not done:
        return p["decisions_all_none"]
    text = p["decisions"].format(parts="、".join(done))
    if none:
        text += "，" + p["decisions_none"].format(names="、".join(none))
    return text


def _active_tables(facts: Facts, v: dict[str, Optional[int]]) -> str:
    keys = ("docs_made", "docs_repealed", "docs_valid", "licensing", "penalty", "coercion")
    if any(v[k] is None for k in keys):
        return NEEDS_CHECK + "表二尚有未填写的数字，请补全后再起草。"
    docs = _docs_clause(v["docs_made"], v["docs_repealed"], v["docs_valid"], "行政规范性文件")  # type: ignore[arg-type]
    return _regulations_sentence(facts) + docs + "；" + _decisions_clause(v) + "。"


def requests_paragraph(v: dict[str, Optional[int]]) -> str:
    """Applications received, carried, handled and their results; zeros as 未收到 / 无上年结转."""
    p = phrases()["one"]
    if any(v[k] is None for k in ("received", "carried_in", "handled", "carried_out")):
        return NEEDS_CHECK + "表三尚有未填写的数字，请补全后再起草依申请公开情况。"
    if v["received"] == 0 and v["carried_in"] == 0:
        return p["requests_none"]
    first = p["requests_received"].format(**v) if v["received"] else p["requests_none_new"].format(**v).rstrip("。")
    parts = [first]
    if v["received"]:
        parts.append(p["requests_carried_in"].format(**v) if v["carried_in"] else p["requests_no_carried_in"])
    text = "，".join(parts)
    tail = [p["requests_handled"].format(**v)] if v["handled"] else []
    tail += [p["requests_carried_out"].format(**v)] if v["carried_out"] else []
    text += ("；" + "，".join(tail) if tail else "") + "。"
    groups = [f"{g}{v[f'group:{g}']}件" for g in fmt.T3_GROUPS if v.get(f"group:{g}")]
    return text + (p["requests_results"].format(parts="，".join(groups)) if groups else "")


def _results(cells: list[Optional[int]], total: int, lead: bool = True) -> str:
    """结果为维持 when one result covers the group, else 其中结果维持1件、…; "" when none is given."""
    p = phrases()["one"]
    given = [(name, n) for name, n in zip(_RESULT_NAMES, cells) if n]
    if len(given) == 1 and given[0][1] == total:
        name = given[0][0]
        return {"尚未审结": name, "其他结果": p["result_other"]}.get(name) or p["result_single"].format(result=name)
    parts = [f"{'结果' if name in ('维持', '纠正') else ''}{name}{n}件" for name, n in given]
    if not parts:
        return ""
    return p["result_parts"].format(parts="、".join(parts)) if lead else "、".join(parts)


def appeals_sentence(facts: Facts) -> str:
    """行政复议 and 行政诉讼 with their results named; none said as 未发生…的情况."""
    p, t4 = phrases()["one"], facts.t4
    if any(t4[i] is None for i in (4, 9, 14)):
        return NEEDS_CHECK + "表四尚有未填写的数字，请补全行政复议、行政诉讼情况。"
    recon, groups = t4[4], [(label, t4[g * 5:g * 5 + 4], t4[g * 5 + 4]) for g, label in _LITIGATION_GROUPS]
    litigation = sum(total for _, _, total in groups)
    if not recon and not litigation:
        return p["appeals_none"]
    parts = [p["reconsideration"].format(n=recon, results=_results(t4[0:4], recon)).rstrip("，")
             if recon else p["reconsideration_none"]]
    given = [(label, cells, total) for label, cells, total in groups if total]
    if not given:
        parts.append(p["litigation_none"])
    elif len(given) == 1:
        label, cells, total = given[0]
        parts.append(p["litigation"].format(n=litigation, results=f"为{label}，" + _results(cells, total)).rstrip("，"))
    else:
        each = "；".join(p["litigation_group"].format(group=label, n=total, results=_results(cells, total, False))
                        .rstrip("，")
                        for label, cells, total in given)
        parts.append(p["litigation_groups"].format(n=litigation, groups=each))
    return "本年" + "；".join(parts) + "。"


# ---------------------------------------------------------------- 一: sub-heads without facts


def _blocks_by_subhead(text: str) -> dict[str, str]:
    """A past section 一 split under its sub-head lines (key → text)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        sub = subhead_of(line) if len(line) <= 30 and line.lstrip().startswith(("（", "(")) else None
        if sub is not None:
            current = sub.key
        elif current and line.strip():
            out.setdefault(current, []).append(line)
    return {k: "\n".join(v) for k, v in out.items()}


_DATED = re.compile(r"本年|今年|全年|年内|当年|上年|去年|年度")  # a past sentence about its own year is not this year's


def _number_free(text: str) -> list[str]:
    """Sentences of a past text with no number, year, dated statement or plan in them (what can be said again
    after checking)."""
    return [s.strip() for _, _, s in split_sentences(text)
            if s.strip() and not find_numbers(s) and not re.search(r"\d|[〇零一二三四五六七八九十百千]+[件条次个篇]", s)
            and not _DATED.search(s) and not is_plan(s) and len(s.strip()) >= 12]


def adapted_sentence(key: str, last: Optional[LastYear], passages: list[Any], agency: str) -> tuple[str, str]:
    """A sentence from the agency's own past report under this sub-head, numbers left out, marked; and its source
    (shown to the reviewer beside the draft); ("", "") when there is none."""
    mark = phrases()["one"]["adapted"]
    if last is not None and (found := _number_free(_blocks_by_subhead(last.section("一")).get(key, ""))):
        return mark + found[0], last.label
    for item in passages:
        get = item.get if isinstance(item, dict) else lambda k, item=item: getattr(item, k, None)
        sub = subhead_of(get("subheading"))
        found = _number_free(get("text") or "") if get("agency") == agency and sub is not None and sub.key == key else []
        if found:
            return mark + found[0], f"本机关{get('year') or ''}年报告（检索所得）"
    return "", ""


def _without_facts(key: str, this: ThisYear, passages: list[Any]) -> str:
    return adapted_sentence(key, this.last_year, passages, this.agency)[0] or placeholder(key)


def adapted_sources(text: str, this: ThisYear, passages: Iterable[Any] = ()) -> list[str]:
    """Where the adapted sentences of 一 come from, one line per sub-head (for the reviewer)."""
    out = []
    for sub in SUBHEADS:
        sentence, source = adapted_sentence(sub.key, this.last_year, list(passages), this.agency)
        if sentence and sentence in text:
            out.append(f"“{sub.line}”参照{source}")
    return out


def compose_one(this: ThisYear | Facts, passages: Iterable[Any] = ()) -> str:
    """Section 一 in its five sub-heads: tables, notes (公文 wording, plans left for 五), marked gaps."""
    this, passages = validated(this), list(passages)
    facts, values = this.facts, figure_values(this.facts)
    notes_one = [n for n in done_notes(facts.notes.get("一", [])) if not restates_table(n, values)]
    routed = notes_by_subhead(notes_one)
    bodies = {}
    for sub in SUBHEADS:
        notes = note_sentences(routed[sub.key], facts.year)
        if sub.key == "active":
            body = notes + _active_tables(facts, values) + ("" if notes else placeholder("active"))
        elif sub.key == "requests":
            body = notes + requests_paragraph(values) + appeals_sentence(facts)
        else:
            body = notes or _without_facts(sub.key, this, passages)
        if sub.key == "oversight" and facts.level in fmt.GOVERNMENT_LEVELS and \
                not any(w in "".join(routed["oversight"]) for w in ("考核", "评议", "追究")):
            body += placeholder("government")
        bodies[sub.key] = body
    return "\n".join(f"{s.line}\n{bodies[s.key]}" for s in SUBHEADS)


# ---------------------------------------------------------------- 五: problems paired with improvements


def last_year_problems(last: Optional[LastYear], limit: int = 3) -> list[str]:
    """Short problem phrases from last year's section 五 (一是…；二是… or its first sentences)."""
    text = last.section("五") if last else ""
    if not text:
        return []
    blocks = re.split(r"\n\s*[（(][一二三四五][）)]", "\n" + text)
    own = [b for b in blocks if "问题" in b[:30] and "整改" not in b[:30]]  # the block of its own year's problems
    part = own[0] if own else text
    found = [m.split("，")[0] for m in re.findall(r"[一二三四五六]是([^；;。]{4,80})", part)]
    if not found:
        found = [s.strip("。；; \n") for _, _, s in split_sentences(part) if "问题" not in s[:8]]
    found = [re.sub(r"\s+", "", x).rstrip("，,") for x in found]
    return [x for x in found if 4 <= len(x) <= 40 and not find_numbers(x) and not x.startswith("针对")][:limit]


def measure_clause(note: str, year: int) -> str:
    """A measure as a 公文 clause without a leading 下一步/今后 (五's heading already says these are to come)."""
    text = formal_clause(note, year, subject=False)
    for lead in phrases()["five"]["measure_leads"]:
        if text.startswith(lead) and len(text) > len(lead) + 2:
            return text[len(lead):].lstrip("，,")
    return text


def compose_five(this: ThisYear | Facts) -> str:
    """Section 五: last year's problems (follow-up to fill in), this year's problems, each with its measure."""
    this = validated(this)
    p, year = phrases()["five"], this.year
    pairs = pair_problems(this.notes("五"), plan_notes(this.facts))
    last = last_year_problems(this.last_year)
    blocks = []
    if last:
        blocks += [p["last_year_head"], p["last_year"].format(problems="”“".join(last),
                                                              follow_up=placeholder("follow_up"))]
    problems = [formal_clause(prob, year, subject=False) for prob, _ in pairs if prob]
    measures = []
    for prob, measure in pairs:
        if measure:
            measures.append(measure_clause(measure, year))
        elif prob:
            measures.append(SUGGESTION + suggestion_for(prob))
    blocks.append(p["problems_head"] if last else p["problems_head_first"])
    blocks.append(enumerated(problems, p["single_problem"]) or placeholder("problems"))
    blocks.append(p["measures_head"] if last else p["measures_head_first"])
    blocks.append(enumerated(measures, p["single_measure"]) or placeholder("measures"))
    return "\n".join(blocks)


def enumerated(items: list[str], single: str) -> str:
    """Items as 一是…。二是…。; a single item in its own form, without 一是 (a lone 一是 promises a 二是)."""
    if len(items) == 1:
        mark = SUGGESTION if items[0].startswith(SUGGESTION) else ""
        return mark + single.format(item=items[0].removeprefix(mark))
    ordinal = phrases()["five"]["ordinals"]
    return "".join(f"{ordinal[i % 10]}{x}。" for i, x in enumerate(items))


# ---------------------------------------------------------------- 六


_FEE_NONE = re.compile(r"(未|没有|没|无|不)收(取)?(任何)?(信息)?处理费|信息处理费[^，。；\d]{0,4}(为)?(零|0)\s*元")
_FEE_AMOUNT = re.compile(r"信息处理费[^，。；\d]{0,8}?(\d[\d,，]*(?:\.\d+)?)\s*(万元|元)")


def _amount(raw: str) -> Decimal:
    return Decimal(re.sub(r"[,，]", "", raw))


def _amount_text(value: Decimal) -> str:
    """1.50 → 1.5, 1200.00 → 1200: the amount as a 公文 writes it (no trailing zeros, no separators)."""
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


def fee_sentence(notes: list[str], year: int) -> str:
    """The 信息处理费 statement in formal wording, from the notes that mention the fee (a zero amount in any spelling
    said as 未收取; marked when unclear)."""
    p = phrases()["six"]
    text = "".join(notes)
    if not text:
        return p["fee_missing"]
    if _FEE_NONE.search(text):
        return p["fee_none"]
    amounts = {(_amount(raw), unit) for raw, unit in _FEE_AMOUNT.findall(text)}
    if len(amounts) == 1:
        value, unit = next(iter(amounts))
        return p["fee_amount"].format(amount=_amount_text(value), unit=unit) if value else p["fee_none"]
    return NEEDS_CHECK + "".join(formal_sentence(n, year) for n in notes)


def compose_six(this: ThisYear | Facts) -> str:
    """Section 六: the 信息处理费 statement first, then the other notes in 公文 wording."""
    this = validated(this)
    p, notes = phrases()["six"], done_notes(this.notes("六"))
    fee = [n for n in notes if "处理费" in n]
    others = [n for n in notes if n not in fee]
    return "\n".join([fee_sentence(fee, this.year), note_sentences(others, this.year) or p["nothing_else"]])


# ---------------------------------------------------------------- entry points


def compose(num: str, this: ThisYear, passages: Iterable[Any] = ()) -> str:
    """The offline text of one narrative section (一, 五 or 六); every number comes from the facts."""
    if num not in fmt.NARRATIVE_SECTIONS:
        raise ValueError(f"第{num}部分是统计表，不需要起草文字")
    if num == "一":
        return compose_one(this, passages)
    return compose_five(this) if num == "五" else compose_six(this)


def offline_section(num: str, this: ThisYear | Facts, passages: Iterable[Any] = (), *,
                    open_errors: Optional[list[Finding]] = None, text: str = "") -> DraftedSection:
    """One section drafted with no model (or the text it streamed), composed once and checked once."""
    this, passages = validated(this), list(passages)
    text = text or compose(num, this, passages)
    draft = DraftedSection(num, check_section(num, text, this, open_errors), passages,
                           prompt_version=f"offline@{phrases()['version']}", model=OFFLINE_MODEL_NAME)
    if ADAPTED in text:
        sources = "；".join(adapted_sources(text, this, passages))
        draft.notes.append(f"有{text.count(ADAPTED)}句参照本机关往年报告写成（已去掉数字；{sources}），请核实本年是否仍适用。")
    draft.notes += marks_notes(draft.text)
    return draft


def iter_offline(num: str, this: ThisYear, passages: Iterable[Any] = ()) -> Iterator[str]:
    """The offline text of a section, yielded sentence by sentence (for st.write_stream); checked when finished."""
    for _, _, sentence in split_sentences(compose(num, this, passages)):
        yield sentence
