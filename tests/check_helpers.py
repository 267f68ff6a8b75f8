"""Planted reports for the batch checker's tests: a bundled corpus report with one edit, and last year's beside it."""
from __future__ import annotations

from report.batch.sources import Source
from settings import BUNDLED_CORPUS_DIR

SCJGJ = "qingxi-scjgj"  # 青溪县市场监督管理局, 2022–2024
GOV = "qingxi-gov"  # 青溪县人民政府, 2022–2024
Edit = tuple[str, str]  # (text to find, its replacement)

# One planted case per rule: (corpus family, edits of the 2024 report, edits of its 2023 report).
PLANTS: dict[str, tuple[str, list[Edit], list[Edit]]] = {
    "O1": (SCJGJ, [("四、结转下年度继续办理\t0\t1\t0\t0\t0\t0\t1", "四、结转下年度继续办理\t1\t1\t0\t0\t0\t0\t2")], []),
    "S1": (SCJGJ, [("（七）总计\t7\t5\t0\t1\t1\t0\t14", "（七）总计\t7\t6\t0\t1\t1\t0\t15"),
                   ("一、本年新收政府信息公开申请数量\t6\t5\t0\t1\t1\t0\t13",
                    "一、本年新收政府信息公开申请数量\t6\t6\t0\t1\t1\t0\t14")], []),
    "S2": (SCJGJ, [("（一）予以公开\t3\t4\t0\t1\t0\t0\t8", "（一）予以公开\t3\t4\t0\t1\t0\t0\t9")], []),
    "S3": (SCJGJ, [("0\t0\t1\t0\t1\t0\t0\t0\t0\t0", "0\t0\t1\t0\t2\t0\t0\t0\t0\t0")], []),
    "S4": (SCJGJ, [("1.属于国家秘密\t0\t0", "1.属于国家秘密\t/\t0")], []),
    "P1": (SCJGJ, [], [("四、结转下年度继续办理\t1\t1\t0\t0\t0\t0\t2", "四、结转下年度继续办理\t2\t0\t0\t0\t0\t0\t2")]),
    "P2": (SCJGJ, [], [("行政规范性文件\t1\t1\t2", "行政规范性文件\t1\t1\t5")]),
    "P3": (SCJGJ, [("本年度新收政府信息公开申请13件", "本年度新收政府信息公开申请15件")], []),
    "P4": (SCJGJ, [("（一）信息处理费。本年度本局未收取政府信息公开信息处理费。", "（一）本局严格执行有关规定。")], []),
    "P5": (SCJGJ, [], []),  # section 五 cut down to "无。" (see planted_pair)
    "P6": (SCJGJ, [("规章\t0\t0\t0", "规章\t1\t0\t1")], []),
    "P7": (SCJGJ, [("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号")], []),
    "P8": (SCJGJ, [], []),  # last year's report is this year's text again (see planted_pair)
    "Y1": (GOV, [], [("一、本年新收政府信息公开申请数量\t45\t9\t1\t0\t3\t2\t60",
                      "一、本年新收政府信息公开申请数量\t6\t1\t1\t0\t1\t1\t10")]),
    "Y2": (GOV, [], [("行政处罚\t2571", "行政处罚\t6000")]),
    "R1": (SCJGJ, [("行政规范性文件\t1\t0\t3", "行政规范性文件\t4\t0\t3")],
           [("行政规范性文件\t1\t1\t2", "行政规范性文件\t1\t1\t/")]),  # last year's stock unreadable: P2 cannot say it
    "R2": (SCJGJ, [("四、结转下年度继续办理\t0\t1\t0\t0\t0\t0\t1", "四、结转下年度继续办理\t0\t9\t0\t0\t0\t0\t9")], []),
    "R3": (SCJGJ, [("（七）总计\t7\t5\t0\t1\t1\t0\t14", "（七）总计\t7\t9\t0\t1\t1\t0\t18")], []),
    "R4": (SCJGJ, [("0\t0\t1\t0\t1\t0\t0\t0\t0\t0", "0\t0\t3\t/\t1\t0\t0\t0\t0\t0")], []),
}


def corpus_text(family: str, year: int) -> str:
    """The text of a bundled corpus report."""
    return (BUNDLED_CORPUS_DIR / f"{family}-{year}.txt").read_text(encoding="utf-8")


def edited(text: str, edits: list[Edit]) -> str:
    """The text with each edit made once (each must apply)."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _p5(text: str) -> str:
    """Section 五 cut down to "无。" (the headings on lines of their own, not the preamble's list of parts)."""
    five, six = "\n五、存在的主要问题及改进情况\n", "\n六、其他需要报告的事项\n"
    return text[:text.index(five)] + f"{five}\n无。\n" + text[text.index(six):]


def planted_pair(key: str) -> tuple[Source, Source]:
    """The planted 2024 report of a rule and its 2023 report, as uploaded sources."""
    family, now_edits, last_edits = PLANTS[key]
    now = edited(corpus_text(family, 2024), now_edits)
    last = edited(corpus_text(family, 2023), last_edits)
    if key == "P5":
        now = _p5(now)
    if key == "P8":
        last = now.replace("2024年政府信息公开工作年度报告", "2023年政府信息公开工作年度报告", 1)
    return (Source(f"{family}-2024-{key}.txt", data=now.encode("utf-8")),
            Source(f"{family}-2023-{key}.txt", data=last.encode("utf-8")))
