"""What stands behind each sentence of a drafted section (a fact, a suggestion, a placeholder, a past report, or
nothing), the per-section counts the review shows, and the draft-quality counts bench/draft.py prints."""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from report import format as fmt
from report.facts import Facts
from report.figures import FIGURES, figure_values
from report.numbers import find_numbers, split_sentences
from report.register import clause, colloquial_markers, formal_clause, is_plan, needs_rewording
from report.textcheck import ADAPTED, NEEDS_CHECK, PLACEHOLDER, SUGGESTION, TO_FILL

TABLE_FILE = Path(__file__).with_name("prose.toml")
KINDS = ("fact", "suggestion", "placeholder", "adapted", "boilerplate")
KIND_LABELS = {"fact": "有事实依据", "suggestion": "建议", "placeholder": "待补充", "adapted": "参照往年报告",
               "boilerplate": "无事实依据"}
_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)[^。；;，,]{0,24}\s*$")
_FIGURE_UNITS = ("件", "条", "次", "篇", "个", "期", "场", "人次", "人", "元", "项", "家")
_TOPIC_WORDS = ("培训", "保密审查", "目录", "解读")  # a topic said in more sentences of 一 than the notes give it


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The placeholders, the topic → suggestion table and the absence phrases (report/prose.toml)."""
    with open(TABLE_FILE, "rb") as fh:
        return tomllib.load(fh)


def placeholder(key: str) -> str:
    """The marked placeholder for a sub-head (or 五's problems/measures) that has no facts."""
    return table()["placeholders"][key]


def topic_of(text: str) -> Optional[dict[str, Any]]:
    """The first topic (解读、依申请、平台、培训、保密审查…) whose words a problem mentions."""
    return next((t for t in table()["topics"] if any(w in text for w in t["words"])), None)


def suggestion_for(problem: str) -> str:
    """A specific improvement for a problem, from the topic table (the general one when no topic matches)."""
    topic = topic_of(problem)
    return topic["suggestion"] if topic else table()["general"]["suggestion"]


# ---------------------------------------------------------------- notes: done, planned, problems and measures


def done_notes(notes: list[str]) -> list[str]:
    """Notes of work done (plans are kept for 五's measures)."""
    return [n for n in notes if not is_plan(n)]


def plan_notes(facts: Facts) -> list[str]:
    """Plans the staff gave under 一 or 六 (明年、下一步…): they belong to 五's measures."""
    return [n for num in ("一", "六") for n in facts.notes.get(num, []) if is_plan(n)]


def _is_measure(note: str) -> bool:
    head = re.sub(r"\s+", "", note)[:6]
    if re.match(r"^(?:改进|措施|改进措施|整改|下一步|计划)[：:]", head):
        return True
    if re.match(r"^(?:存在的?)?(?:主要)?(?:问题|不足)[：:]", head):
        return False
    return is_plan(note) or re.match(r"^(?:加强|建立|完善|健全|推进|提升|提高|增加|丰富|强化|规范|优化)", clause(note)) is not None


def split_problem_and_plan(note: str) -> list[str]:
    """存在的问题是解读形式单一，明年计划增加图解: a note that states a problem and then a plan, as the two notes."""
    for m in re.finditer(r"[，,；;。]", note):
        before, after = note[:m.start()].strip(), note[m.end():].strip()
        if before and after and is_plan(after) and not is_plan(before) and not _is_measure(before):
            return [before, after]
    return [note]


def pair_problems(notes: list[str], plans: Sequence[str] = ()) -> list[tuple[Optional[str], Optional[str]]]:
    """(problem, the user's measure for it) pairs: the 五 measure note right after a problem, else a measure or plan
    on the same topic; measures left over come last with no problem."""
    notes = [part for note in notes for part in split_problem_and_plan(note)]
    items = [(n, _is_measure(n)) for n in notes] + [(n, True) for n in plans]
    problems = [i for i, (_, m) in enumerate(items) if not m]
    measures = [i for i, (_, m) in enumerate(items) if m]
    used: set[int] = set()
    pairs: list[tuple[Optional[str], Optional[str]]] = []
    for i in problems:
        problem, nxt = items[i][0], i + 1
        if not (nxt < len(notes) and nxt in measures and nxt not in used):
            topic = topic_of(problem)
            nxt = next((j for j in measures if j not in used and topic and topic_of(items[j][0]) is topic), None)
        if nxt is not None:
            used.add(nxt)
        pairs.append((problem, items[nxt][0] if nxt is not None else None))
    return pairs + [(None, items[j][0]) for j in measures if j not in used]


# ---------------------------------------------------------------- what stands behind a sentence


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def overlap(note: str, sentence: str) -> float:
    """Share of a note's character pairs (in report wording) that a sentence contains."""
    grams = _bigrams(formal_clause(note, 2000)) | set()
    raw = _bigrams(clause(note))
    have = _bigrams(sentence)
    return max(len(g & have) / len(g) if g else 0.0 for g in (grams, raw))


def _figures(text: str) -> list[str]:
    """The figures a text states, as written with their unit (72条, 6次); years, ordinals and 100% left out."""
    return [m.raw + m.unit for m in find_numbers(text) if m.kind in ("count", "decimal") and m.unit in _FIGURE_UNITS]


def states_note(note: str, sentence: str) -> bool:
    """True when a sentence states what a note says: its figures, and enough of its words."""
    if "处理费" in note and "信息处理费" in sentence and NEEDS_CHECK not in sentence:
        return fee_amounts(note) == fee_amounts(sentence)  # "为0元" is stated as 未收取
    figures = _figures(clause(note))
    if figures and not all(f in sentence for f in figures):
        return False
    return overlap(note, sentence) >= (0.4 if figures else 0.5)


def fee_amounts(text: str) -> set[str]:
    """The non-zero amounts of 元 a text states (a 0 fee and 未收取 both give none)."""
    return {m.raw for m in find_numbers(text) if m.unit == "元" and m.value}


def is_heading(sentence: str) -> bool:
    """A sub-head line such as （一）主动公开 (not a sentence to count)."""
    return bool(_HEADING.match(sentence))


def sentences(text: str) -> list[str]:
    """The sentences of a section's text, headings left out."""
    return [s.strip() for _, _, s in split_sentences(text) if s.strip() and not is_heading(s)]


def kind_of(sentence: str, notes: Iterable[str] = ()) -> str:
    """fact / suggestion / placeholder / adapted / boilerplate: what stands behind one sentence."""
    if TO_FILL in sentence or NEEDS_CHECK in sentence or PLACEHOLDER in sentence:
        return "placeholder"
    if SUGGESTION in sentence:
        return "suggestion"
    if ADAPTED in sentence:
        return "adapted"
    if _figures(sentence) or any(m.kind == "percent" for m in find_numbers(sentence)):
        return "fact"
    if any(p in sentence for p in table()["absence"]["phrases"]):
        return "fact"
    return "fact" if any(states_note(n, sentence) for n in notes) else "boilerplate"


@dataclass(frozen=True)
class SentenceCounts:
    """How many sentences of one section carry a fact, a suggestion, a placeholder, a past report's wording, nothing."""

    fact: int = 0
    suggestion: int = 0
    placeholder: int = 0
    adapted: int = 0
    boilerplate: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts by kind."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def describe(self) -> str:
        """One Chinese line for the review, e.g. "有事实依据 8 句，建议 1 句，待补充 2 句"."""
        parts = [f"{KIND_LABELS[k]} {n} 句" for k, n in self.as_dict().items() if n or k == "fact"]
        return "，".join(parts)


def sentence_counts(text: str, facts: Facts) -> SentenceCounts:
    """Per section: sentences carrying a fact, a suggestion, a placeholder, adapted past wording, or nothing."""
    notes = [n for items in facts.notes.values() for n in items]
    found = Counter(kind_of(s, notes) for s in sentences(text))
    return SentenceCounts(**{k: found.get(k, 0) for k in KINDS})


def section_counts(sections: dict[str, str], facts: Facts) -> dict[str, SentenceCounts]:
    """sentence_counts for each narrative section present (the review shows them beside each section)."""
    return {num: sentence_counts(sections.get(num, ""), facts) for num in fmt.NARRATIVE_SECTIONS
            if sections.get(num, "").strip()}


def wording_notes(num: str, text: str, facts: Facts) -> list[str]:
    """What a reviewer is told about a draft's wording: colloquial words, pasted chat notes, zeros as figures, plans."""
    notes, out = [n for items in facts.notes.values() for n in items], []
    if words := sorted(set(colloquial_markers(text))):
        out.append(f"第{num}部分仍有口语词：{'、'.join(words)}，请改为公文用语（如“本年”“本机关”“开展”）。")
    if pasted := [s for s in verbatim_copies(text, notes) if needs_rewording(s)]:
        out.append(f"第{num}部分有{len(pasted)}句照抄了口语的要点原话，请改写为公文语体：{pasted[0][:30]}")
    if zeros := zeros_as_figures(text):
        out.append(f"第{num}部分把{len(zeros)}个零写成了数字，公文一般写“未作出……”“未收到……”“未发生……”。")
    if num in ("一", "六") and (plans := plans_as_done({num: text}, facts)):
        out.append(f"第{num}部分把计划写成了已完成的工作，请移到第五部分的改进措施：{plans[0][:30]}")
    if awkward := awkward_phrasing(text):
        out.append(f"第{num}部分有{len(awkward)}处写法建议修改：{'；'.join(dict.fromkeys(awkward))}。")
    return out


def marks_notes(text: str) -> list[str]:
    """What the reviewer is told about the marks a draft carries (【需核实】, 【待补充】, 【建议】)."""
    out = []
    if n := text.count(NEEDS_CHECK):
        out.append(f"有{n}处标注“{NEEDS_CHECK}”，请核实补充后再定稿。")
    if n := text.count(TO_FILL):
        out.append(f"有{n}处“【待补充】”，请写明本年的具体做法（没有可写的请删去）。")
    if n := text.count(SUGGESTION):
        out.append(f"有{n}条改进措施标注“{SUGGESTION}”，是起草时按问题提出的，请审阅取舍并删去标注。")
    return out


# ---------------------------------------------------------------- draft-quality counts (each should be 0)


def awkward_phrasing(text: str) -> list[str]:
    """What a 办公室主任 would rewrite (a lone 一是, 下一步 after a measure's ordinal, a name said thrice, three 本年 in a
    row, documents made but none in force, 了 after a verb, a leading 把): one label per place (prose.toml)."""
    return [rule["label"] for rule in table()["awkward"] for _ in re.finditer(rule["regex"], text)]


def _clause_before(sentence: str, start: int) -> str:
    cut = max(sentence.rfind(c, 0, start) for c in "，,；;：:、（(")
    return sentence[cut + 1:start]


def stated_figures(sentence: str) -> list[tuple[str, int]]:
    """(figure name, value) for each 件 count a sentence binds to a named figure by the words before it."""
    out = []
    for m in find_numbers(sentence):
        if m.kind != "count" or m.unit != "件":
            continue
        context = _clause_before(sentence, m.start)
        best = max(((context.rfind(w), f.name) for f in FIGURES for w in f.keywords if w in context), default=None)
        if best is not None:
            out.append((best[1], int(m.value)))
    return out


def verbatim_copies(text: str, notes: Iterable[str]) -> list[str]:
    """Sentences that paste a note as given: the whole sentence is the note, or it holds a note needing rewording."""
    out = []
    for s in sentences(text):
        bare = re.sub(r"\s+", "", s).strip("。；;，,")
        for note in notes:
            raw = clause(note)
            if raw and (bare == raw or (raw in bare and needs_rewording(raw))):
                out.append(s)
                break
    return out


def facts_stated_twice(sections: dict[str, str], facts: Facts) -> list[str]:
    """Facts said in more than one sentence: a table figure, a note, or a topic (培训…) said again in 一."""
    all_sentences = [s for num in fmt.NARRATIVE_SECTIONS for s in sentences(sections.get(num, ""))
                     if kind_of(s) not in ("placeholder", "suggestion", "adapted")]
    one = [s for s in sentences(sections.get("一", "")) if kind_of(s) not in ("placeholder", "adapted")]
    out = []
    figures = Counter(f for s in one for f in set(stated_figures(s)))
    out += [f"{name}={value}" for (name, value), n in figures.items() if n > 1]
    for note in (n for items in facts.notes.values() for n in items):
        if sum(states_note(note, s) for s in all_sentences) > 1:
            out.append(note)
    notes_one = facts.notes.get("一", [])
    for word in _TOPIC_WORDS:
        said = sum(word in s for s in one)
        if said > max(1, sum(word in n for n in notes_one)):
            out.append(word)
    return out


def _plan_sentence(sentence: str) -> bool:
    text = sentence.replace("规划计划", "").replace("结转下一年度", "").replace("结转下年度", "")
    return is_plan(text)


def plans_as_done(sections: dict[str, str], facts: Facts) -> list[str]:
    """Sentences of 一 and 六 that state a plan (明年、下一步…, or a planned note) as work done."""
    plans = [n for items in facts.notes.values() for n in items if is_plan(n)]
    return [s for num in ("一", "六") for s in sentences(sections.get(num, ""))
            if kind_of(s) != "placeholder" and (_plan_sentence(s) or any(states_note(p, s) for p in plans))]


def zeros_as_figures(text: str) -> list[str]:
    """Zeros written as figures ("行政强制决定0件") where a 公文 says 未作出… / 未收到…."""
    return [m.raw + m.unit for m in find_numbers(text) if m.kind == "count" and m.value == 0 and m.unit]


_NO_APPEALS = re.compile(r"(?:没有|没|未|无)(?:被)?(?:申请)?(?:行政)?(?:复议|诉讼|起诉)")


def restates_table(note: str, values: dict[str, Optional[int]]) -> bool:
    """True when a note only says what the tables say (未收到申请, 没有复议诉讼, 收到申请8件): the table sentence
    states it, so the note is not written again."""
    from report.narrative import no_applications_claims

    if next(no_applications_claims(note), None) is not None or _NO_APPEALS.search(note):
        return True
    stated = stated_figures(note)
    return bool(stated) and all(values.get(name) == value for name, value in stated)


def given_facts(facts: Facts) -> list[tuple[str, Any]]:
    """The facts a draft should use: every note, and every non-zero named figure of the tables."""
    values = figure_values(facts)
    notes = [("note", n) for items in facts.notes.values() for n in items]
    return notes + [("figure", (name, v)) for name, v in values.items() if v]


def facts_unused(sections: dict[str, str], facts: Facts) -> list[str]:
    """The given facts no sentence states (a note's words and figures; a figure with its words)."""
    all_sentences = [s for num in fmt.NARRATIVE_SECTIONS for s in sentences(sections.get(num, ""))]
    stated = {f for s in all_sentences for f in stated_figures(s)}
    values, out = figure_values(facts), []
    for kind, fact in given_facts(facts):
        if kind == "note" and restates_table(fact, values):
            continue  # said by the table sentences (counted there)
        if kind == "note" and not any(states_note(fact, s) for s in all_sentences):
            out.append(fact)
        elif kind == "figure" and fact not in stated:
            out.append(f"{fact[0]}={fact[1]}")
    return out


@dataclass(frozen=True)
class DraftDefects:
    """The draft-quality counts (each should be 0) and the share of given facts used (should be 1)."""

    verbatim: int
    colloquial: int
    twice: int
    plans_as_done: int
    zeros_as_figures: int
    boilerplate: int
    awkward: int
    facts_given: int
    facts_used: int

    @property
    def share_used(self) -> float:
        """Given facts stated somewhere in the draft (1.0 when none were given)."""
        return self.facts_used / self.facts_given if self.facts_given else 1.0

    @property
    def clean(self) -> bool:
        """True when every defect count is 0 and every given fact is used."""
        return not (self.verbatim or self.colloquial or self.twice or self.plans_as_done or self.zeros_as_figures
                    or self.boilerplate or self.awkward) and self.facts_used == self.facts_given


def draft_defects(sections: dict[str, str], facts: Facts) -> DraftDefects:
    """Count the defects of a drafted 一/五/六 against the facts it was drafted from."""
    notes = [n for items in facts.notes.values() for n in items]
    texts = [sections.get(num, "") for num in fmt.NARRATIVE_SECTIONS]
    whole = "\n".join(texts)
    given = len(given_facts(facts))
    return DraftDefects(
        verbatim=sum(len(verbatim_copies(t, notes)) for t in texts),
        colloquial=len(colloquial_markers(whole)),
        twice=len(facts_stated_twice(sections, facts)),
        plans_as_done=len(plans_as_done(sections, facts)),
        zeros_as_figures=len(zeros_as_figures(whole)),
        boilerplate=sum(sentence_counts(t, facts).boilerplate for t in texts),
        awkward=sum(len(awkward_phrasing(t)) for t in texts),
        facts_given=given, facts_used=given - len(facts_unused(sections, facts)))


__all__ = ["ADAPTED", "SUGGESTION", "TO_FILL", "DraftDefects", "awkward_phrasing", "SentenceCounts", "draft_defects", "facts_unused",
           "facts_stated_twice", "kind_of", "placeholder", "plans_as_done", "section_counts", "sentence_counts",
           "suggestion_for", "verbatim_copies", "zeros_as_figures"]
