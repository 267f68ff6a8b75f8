"""What is still missing in a draft: a checklist built from the facts, the section texts and the findings."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from report import format as fmt
from report.facts import Facts
from report.narrative import no_applications_claims
from report.rules.text import FEE_WORDS

_RECEIVED = re.compile(r"(收到|受理|新收|接收)[^。；，,]{0,10}?申请[^。；，,]{0,6}?([1-9][0-9]*|[一二两三四五六七八九十百]+)\s*件")


@dataclass(frozen=True)
class Item:
    """One checklist line: a stable key, Chinese text, done or not, and what to say to fix it."""

    key: str
    text: str
    done: bool
    hint: str = ""
    optional: bool = False  # shown, but not counted as missing (e.g. no last-year report for a first report)


def _all_zero(values: Iterable[Optional[int]]) -> bool:
    """True when every known value is 0 (unknown cells count as zero here)."""
    return all(not v for v in values)


def _notes(facts: Facts, num: str) -> list[str]:
    """Notes of a section (empty list when none)."""
    return [n for n in facts.notes.get(num, []) if n.strip()]


def build_checklist(facts: Facts, sections: dict[str, str], open_errors: int = 0,
                    pending: Iterable[str] = (), unfinished: Iterable[str] = ()) -> list[Item]:
    """The checklist in the order a user works through it (facts first, then texts, then checks)."""
    t3_values = [v for row in facts.t3.values() for v in row[:6]]
    t2_values = [facts.t2.get(c.key) for c in fmt.T2_CELLS if not c.decimal]
    received_zero = _all_zero(facts.t3["r1"][:6])
    all_notes = " ".join(n for num in fmt.SECTION_NUMS for n in _notes(facts, num))
    mention = _RECEIVED.search(all_notes) if received_zero else None
    items = [Item("t3_mention", "要点提到收到申请，但表三本年新收为0", False,
                  f"要点写了“{mention.group(0)}”：请在表三第一行填写收到的申请数。")] if mention else []
    items += [
        Item("t2", "表二：主动公开数据（规范性文件、许可、处罚等）", not _all_zero(t2_values),
             "例如：“今年制发规范性文件3件，行政许可120件”，或直接在「数据表格」中填写；"
             "本机关确实没有的，全部为 0 即可。", optional=True),  # an office without such powers reports all zeros
        Item("t3", "表三：本年收到和处理的申请", not _all_zero(t3_values) or any(no_applications_claims(all_notes)),
             "例如：“今年收到申请12件，其中自然人10件，企业2件，予以公开8件”；如果一件都没有，请说“今年未收到申请”。"),
        Item("t4", "表四：行政复议、行政诉讼", not _all_zero(facts.t4),
             "有复议或诉讼请说明件数和结果；没有可忽略本项。", optional=True),
        Item("previous", "上年数据（用于核对上年结转）", facts.previous is not None,
             "可从上年草稿复制，或上传上年报告后从语料库预填；首次编制可忽略。", optional=True),
        Item("notes_一", "第一部分（总体情况）的工作要点", bool(_notes(facts, "一")),
             "例如：“全年主动公开信息560条，开展培训2次，更新了公开目录”。"),
        Item("notes_五", "第五部分（存在的主要问题及改进情况）的要点", bool(_notes(facts, "五")),
             "例如：“政策解读形式单一，明年将增加图解和视频解读”。"),
        Item("notes_六", "第六部分（其他需要报告的事项）的要点", bool(_notes(facts, "六")),
             "例如：“未收取信息处理费”。"),
        Item("fee", "第六部分说明信息处理费收取情况", any(w in n for n in _notes(facts, "六") for w in FEE_WORDS),
             "请说明本年是否收取信息处理费（例如“本年度未收取信息处理费”）。"),
    ]
    for num in fmt.NARRATIVE_SECTIONS:
        title = fmt.SECTION_BY_NUM[num].heading
        items.append(Item(f"text_{num}", f"{title}：正文", bool(sections.get(num, "").strip()),
                          f"在对话中说“起草{fmt.SECTION_BY_NUM[num].title}”。"))
    unfinished = list(unfinished)
    items.append(Item("marks", "正文中没有待核实、待补的标注（【需核实】、××）", not unfinished,
                      "到「审阅」中补充修改：" + "、".join(f"第{n}部分" for n in unfinished) if unfinished else ""))
    pending = list(pending)
    items.append(Item("pending", "待审阅的建议稿", not pending,
                      "到「审阅」中采纳、修改或拒绝：" + "、".join(f"第{n}部分" for n in pending) if pending else ""))
    items.append(Item("errors", "校验错误已修正或确认", open_errors == 0,
                      f"还有 {open_errors} 个错误，请到「数据表格」或「审阅」中处理。"))
    return items


def missing(items: list[Item]) -> list[Item]:
    """The required items not yet done."""
    return [i for i in items if not i.done and not i.optional]


def next_steps_text(items: list[Item], limit: int = 3) -> str:
    """A short Chinese paragraph naming the next things to do."""
    todo = missing(items)
    if not todo:
        return "数据和正文都已齐全，可以到「导出」下载 Word 文件。"
    lines = [f"{i + 1}. {item.text}——{item.hint}" for i, item in enumerate(todo[:limit])]
    more = f"\n（另有 {len(todo) - limit} 项，见上方清单。）" if len(todo) > limit else ""
    return "接下来还需要：\n" + "\n".join(lines) + more
