"""Offline fact extraction: patterns turn the common phrases of a chat message into proposed updates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from chains.extraction_types import VAGUE, Extraction, FactProposal, proposal_label
from report import format as fmt
from report.facts import Facts
from report.narrative import no_applications_claims
from report.numbers import CN_NUMERAL_CHARS, cn_to_int
from report.rules.text import NO_FEE

_NUM = rf"([0-9０-９][0-9０-９,，]*(?:\.[0-9]+)?[多余几]?|[{CN_NUMERAL_CHARS}几多余]+)"
_GAP = r"[^，。；;,\d]{0,8}?"


@dataclass(frozen=True)
class Rule:
    """A pattern that turns a phrase of a chat message into a proposed fact (a cell, or a note)."""

    target: str  # a cell key such as "t2.licensing" / "t3.r1.c7", or "notes.一"
    pattern: str  # regex with one group for the amount
    unit: str = "件"


# Order matters: the first rule that claims a span wins (结转下年度 before 上年结转 before 收到).
RULES: tuple[Rule, ...] = (
    Rule("t3.r25.c7", rf"结转(?:至|到)?下一?年度?{_GAP}{_NUM}\s*件"),
    Rule("t3.r2.c7", rf"上一?年度?结转{_GAP}{_NUM}\s*件"),
    Rule("t3.r24.c7", rf"办结{_GAP}{_NUM}\s*件"),
    Rule("t3.r4.c7", rf"{_NUM}\s*件{_GAP}部分公开|部分公开{_GAP}{_NUM}\s*件"),
    Rule("t3.r3.c7", rf"{_NUM}\s*件{_GAP}予以公开|予以公开{_GAP}{_NUM}\s*件"),
    Rule("t3.r1.c7", rf"(?:收到|新收|接到|受理){_GAP}申请{_GAP}{_NUM}\s*件"),
    Rule("t4.c5", rf"行政复议{_GAP}{_NUM}\s*件"),
    Rule("t2.normative_docs.made", rf"(?:制发|印发|出台){_GAP}规范性文件{_GAP}{_NUM}\s*件|规范性文件{_GAP}(?:制发|印发){_GAP}{_NUM}\s*件"),
    Rule("t2.normative_docs.repealed", rf"废止{_GAP}规范性文件{_GAP}{_NUM}\s*件|规范性文件{_GAP}废止{_GAP}{_NUM}\s*件"),
    Rule("t2.normative_docs.valid", rf"现行有效{_GAP}{_NUM}\s*件"),
    Rule("t2.licensing", rf"行政许可{_GAP}{_NUM}\s*(?:件|个|项)"),
    Rule("t2.penalty", rf"行政处罚{_GAP}{_NUM}\s*(?:件|个|起)"),
    Rule("t2.coercion", rf"行政强制{_GAP}{_NUM}\s*(?:件|个|起)"),
    Rule("t2.fees_wan", rf"行政事业性收费{_GAP}{_NUM}\s*万元", unit="万元"),
    Rule("notes.六", rf"信息处理费{_GAP}{_NUM}\s*元", unit="元"),
    Rule("notes.一", rf"(?:主动公开|发布|更新){_GAP}(?:政府)?信息{_GAP}{_NUM}\s*条", unit="条"),
    Rule("notes.一", rf"(?:政务公开|信息公开)?培训{_GAP}{_NUM}\s*(?:次|期|场)|{_NUM}\s*(?:次|期|场){_GAP}培训", unit="次"),
    Rule("notes.一", rf"(?:公众号|微信|微博|新媒体){_GAP}{_NUM}\s*(?:条|篇)", unit="条"),
    Rule("notes.一", rf"政策解读{_GAP}{_NUM}\s*(?:篇|条|期)", unit="篇"),
)
APPLICANT_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("自然人", "个人", "群众", "公民")), (2, ("企业", "公司")), (3, ("科研机构",)), (4, ("社会公益组织", "公益组织")),
    (5, ("律师", "法律服务机构", "律所")), (6, ("其他组织",)),
)
_SHARE = re.compile(rf"^\s*(?:其中)?\s*([^\d，,、。；;]{{1,8}}?){_NUM}\s*件\s*$")
PROBLEM_WORDS = ("存在的问题", "问题是", "不足", "短板", "薄弱", "有待", "单一", "不够", "下一步")


def _amount(raw: str) -> Optional[int | Decimal]:
    raw = raw.translate(str.maketrans("０１２３４５６７８９，", "0123456789,")).replace(",", "")
    if any(ch in raw for ch in "多余几"):
        return None  # 十几件、20多件: vague, ask instead
    if raw and raw[0].isdigit():
        return Decimal(raw) if "." in raw else int(raw)
    return cn_to_int(raw)


def _applicant_column(clause: str) -> Optional[int]:
    found = [col for col, words in APPLICANT_WORDS if any(w in clause for w in words)]
    return found[0] if len(found) == 1 else None


def _clause(message: str, start: int, end: int) -> str:
    left = max(message.rfind(c, 0, start) for c in "，。；;,\n") + 1
    right = min([i for i in (message.find(c, end) for c in "，。；;,\n") if i >= 0] or [len(message)])
    return message[left:right]


def _cell_proposal(rule: Rule, value: int | Decimal, clause: str, facts: Facts) -> tuple[FactProposal, Optional[str]]:
    key, question = rule.target, None
    if fmt.is_t3_total_column(key):
        col = _applicant_column(clause)
        if col:
            key = fmt.t3_key(fmt.cell_ref(key).row, col)
        else:
            question = (f"“{clause}”中的{value}件，申请人分别是自然人、企业还是其他组织？"
                        f"已先按“总计”记下，请在数据表格中分列。")
    current = facts.cell(key)
    return FactProposal(key, value, proposal_label(key), clause, current), question


def _breakdown(message: str, end: int) -> tuple[dict[int, int], int]:
    """Applicant shares told right after a total ("……12件，其中自然人10件，企业2件"): ({column: n}, end of them)."""
    shares: dict[int, int] = {}
    pos, first = end, True
    while pos < len(message) and message[pos] in "，,、：: ":
        nxt = min([i for i in (message.find(c, pos + 1) for c in "，,、。；;") if i > 0] or [len(message)])
        piece = message[pos + 1:nxt]
        m = _SHARE.match(piece)
        col = _applicant_column(m.group(1)) if m and (not first or piece.lstrip().startswith("其中")) else None
        amount = _amount(m.group(2)) if m and col else None
        if not isinstance(amount, int) or col in shares:
            break
        shares[col], pos, first = amount, nxt, False
    return shares, pos


def _split(proposal: FactProposal, message: str, end: int, facts: Facts,
           result: Extraction) -> Optional[tuple[int, int]]:
    """Replace a Table 三 total by the applicant shares that follow it; return the span they took."""
    shares, stop = _breakdown(message, end)
    if not shares or not isinstance(proposal.value, int) or sum(shares.values()) > proposal.value:
        return None
    row = fmt.cell_ref(proposal.key).row
    for col, amount in shares.items():
        key = fmt.t3_key(row, col)
        result.proposals.append(FactProposal(key, amount, proposal_label(key), proposal.quote, facts.cell(key)))
    rest = proposal.value - sum(shares.values())
    if rest:
        result.proposals.append(proposal)
        result.questions.append(f"“{proposal.quote}”中还有{rest}件没有说明申请人类型，请在数据表格中补上。")
    return end, stop


def _problem_notes(message: str, quotes: list[str]) -> list[FactProposal]:
    """Sentences about shortcomings and next steps (and no figure already taken), as notes of section 五."""
    out = []
    for sentence in re.split(r"[。；;！!\n]", message):
        text = sentence.strip()
        if any(w in text for w in PROBLEM_WORDS) and not any(q and q in text for q in quotes):
            text = re.sub(r"^(今年|本年度?)?(工作中)?(存在的主要问题|存在的问题|主要问题)(是|为|有)?[：:，,]?", "", text)
            if text:
                out.append(FactProposal("notes.五", text, proposal_label("notes.五"), sentence.strip()))
    return out


def extract_with_patterns(message: str, facts: Facts) -> Extraction:
    """Offline extraction: the common facts by pattern; vague amounts become questions."""
    result, taken = Extraction(), []
    for rule in RULES:
        for m in re.finditer(rule.pattern, message):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            raw = next(g for g in m.groups() if g)
            clause = _clause(message, m.start(), m.end())
            taken.append((m.start(), m.end()))
            value = _amount(raw)
            if value is None or VAGUE.search(clause):
                result.questions.append(f"“{clause}”的数量不够确切，请告诉我准确的数字。")
                continue
            if rule.target.startswith("notes."):
                result.proposals.append(FactProposal(rule.target, clause.strip(), proposal_label(rule.target), clause))
                continue
            proposal, question = _cell_proposal(rule, value, clause, facts)
            span = _split(proposal, message, m.end(), facts, result) if question else None
            if span:
                taken.append(span)
                continue
            result.proposals.append(proposal)
            if question:
                result.questions.append(question)
    if (m := NO_FEE.search(message)) and not any(p.key == "notes.六" for p in result.proposals):
        clause = _clause(message, *m.span())
        result.proposals.append(FactProposal("notes.六", clause.strip(), proposal_label("notes.六"), clause))
    if (m := next(no_applications_claims(message), None)) and not any(p.key.startswith("t3.r1.") for p in result.proposals):
        clause = _clause(message, *m.span())
        result.proposals.append(FactProposal("t3.r1.c7", 0, proposal_label("t3.r1.c7"), clause, facts.cell("t3.r1.c7")))
        result.proposals.append(FactProposal("notes.一", clause.strip(), proposal_label("notes.一"), clause))
    result.proposals += _problem_notes(message, [p.quote for p in result.proposals])
    result.proposals.sort(key=lambda p: message.find(p.quote))
    return result
