"""Section 一's five sub-heads as data: heading line, what belongs under it, and the notes routed to it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from report import format as fmt

GOVERNMENT_DUTY = "工作考核、社会评议和责任追究结果情况"  # 条例 Art. 50(4): 各级人民政府 report it under 监督保障


@dataclass(frozen=True)
class SubHead:
    """One sub-head of 一、总体情况 and what the format expects under it (spec §2, 条例 Art. 50)."""

    key: str
    line: str  # the heading line as drafts write it
    guidance: str  # what belongs under it, in Chinese, for the prompt (bump section_一_sub's version when edited)
    labels: tuple[str, ...]  # words that recognise it in a past report's sub-heading
    tables: tuple[str, ...] = ()  # the tables whose figures it paraphrases
    figures: tuple[str, ...] = ()  # names in report.figures it may state


_REQUEST_FIGURES = ("received", "carried_in", "handled", "carried_out", *(f"group:{g}" for g in fmt.T3_GROUPS),
                    "reconsideration", "litigation")
SUBHEADS: tuple[SubHead, ...] = (
    SubHead("active", "（一）主动公开",
            "本年主动公开政府信息的情况：结合表二写明规章和行政规范性文件的制发、废止、现行有效件数，行政许可、行政处罚、"
            "行政强制决定数量；再写要点中的主动公开工作，如公开信息条数、政策解读、重点领域信息公开。",
            ("主动公开",), ("二",),
            ("docs_made", "docs_repealed", "docs_valid", "licensing", "penalty", "coercion")),
    SubHead("requests", "（二）依申请公开",
            "收到和处理政府信息公开申请的情况：本年新收、上年结转、办结、结转下年度的件数和办理结果；"
            "因政府信息公开工作被申请行政复议、提起行政诉讼的件数（表四）；办理程序和答复时限的规范情况。",
            ("依申请",), ("三", "四"), _REQUEST_FIGURES),
    SubHead("management", "（三）政府信息管理",
            "政府信息的规范管理：公开前保密审查（先审查、后公开）、主动公开目录的编制和动态调整、"
            "行政规范性文件清理、政府信息管理制度和档案管理。",
            ("信息管理",)),
    SubHead("platform", "（四）政府信息公开平台建设",
            "公开平台的建设和维护：政府门户网站及信息公开专栏、政务新媒体（公众号、微博等）、政府公报、"
            "查阅场所等平台的建设、内容更新和管理。",
            ("平台",)),
    SubHead("oversight", "（五）监督保障",
            "工作保障和监督：组织领导、机构和人员、制度建设、业务培训、监督检查和考核评议。",
            ("监督", "保障")),
)
SUBHEAD_BY_KEY: dict[str, SubHead] = {s.key: s for s in SUBHEADS}

# Keywords that route a note of section 一 to its sub-head (first match wins; unmatched → 主动公开).
NOTE_ROUTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("active", ("主动公开", "公开信息", "发布信息", "政策解读")),
    ("oversight", ("培训", "考核", "监督", "评议", "追究", "督查", "检查")),
    ("platform", ("网站", "公众号", "微博", "新媒体", "平台", "专栏", "专区", "客户端", "视频号")),
    ("management", ("目录", "审查", "保密", "清理", "档案", "管理")),
)
DEFAULT_ROUTE = "active"


def route_note(note: str) -> str:
    """The key of the sub-head a note of section 一 belongs under."""
    return next((key for key, words in NOTE_ROUTES if any(w in note for w in words)), DEFAULT_ROUTE)


def notes_by_subhead(notes: Iterable[str]) -> dict[str, list[str]]:
    """Section 一's notes grouped by sub-head key (every key present, notes in their given order)."""
    out: dict[str, list[str]] = {s.key: [] for s in SUBHEADS}
    for note in notes:
        out[route_note(note)].append(note)
    return out


def subhead_of(label: Optional[str]) -> Optional[SubHead]:
    """The sub-head a past report's sub-heading names ("一、总体情况 · （二）依申请公开情况"), or None."""
    last = (label or "").split(" · ")[-1]
    return next((s for s in SUBHEADS if any(w in last for w in s.labels)), None) if last else None
