"""The registry of rules as data: key, severity, Chinese title and check function of each rule."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from report.compare import CHANGE_RULES, change_check
from report.facts import Facts
from report.findings import Finding, Severity, finding_id
from report.narrative import check_p3
from report.rules.base import Issue
from report.rules.plausible import PLAUSIBILITY_RULES, plausibility_check
from report.rules.practice import check_p1, check_p2, check_p6
from report.rules.tables import (
    check_o1,
    check_s1,
    check_s2,
    check_s3,
    check_s4,
    check_s4_published,
)
from report.novelty import check_p8, p8_section
from report.rules.text import check_p4, check_p5, check_p7, p4_section, p5_section

SectionCheck = Callable[[str, str, Facts], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """One check of the report, as the UI lists it."""

    key: str
    severity: Severity
    title: str
    check: Callable[[Facts], Iterable[Issue]]
    check_published: Optional[Callable[[Facts], Iterable[Issue]]] = None  # when a published report differs
    check_section: Optional[SectionCheck] = None  # the same rule on one section's text (a draft under review)

    def run(self, facts: Facts, *, published: bool = False) -> list[Finding]:
        """Findings of this rule on facts, each with a stable id (rule + cells + tag, never the values)."""
        check = self.check_published if published and self.check_published else self.check
        return self.findings(check(facts))

    def findings(self, issues: Iterable[Issue]) -> list[Finding]:
        """Issues of this rule as findings, each with a stable id (rule + cells + tag, never the values)."""
        return [Finding(key=self.key, severity=self.severity, cells=list(i.cells), expected=i.expected,
                        actual=i.actual, message=i.message, quote=i.quote,
                        id=finding_id(self.key, list(i.cells), i.tag))
                for i in issues]


RULES: tuple[Rule, ...] = (
    Rule("O1", "error", "表三各列：第一项加第二项之和等于第三项加第四项之和", check_o1),
    Rule("S1", "error", "表三各列：（七）总计等于办理结果各项之和", check_s1),
    Rule("S2", "error", "表三各行：总计等于各申请人列之和", check_s2),
    Rule("S3", "error", "表四：各组总计等于结果维持、纠正、其他、尚未审结之和", check_s3),
    Rule("S4", "error", "每个单元格为已知的非负整数（收费金额为非负数）", check_s4, check_s4_published),
    Rule("P1", "warning", "本年上年结转等于上年报告结转下年度", check_p1),
    Rule("P2", "warning", "现行有效件数等于上年现行有效加本年制发减本年废止", check_p2),
    Rule("P3", "warning", "正文中的数字与表中数据一致", check_p3),
    Rule("P4", "warning", "第六部分说明信息处理费收取情况", check_p4, check_section=p4_section),
    Rule("P5", "warning", "第一、五、六部分齐全且不少于20字", check_p5, check_section=p5_section),
    Rule("P6", "warning", "不能制定规章的机关规章件数为0", check_p6),
    Rule("P7", "warning", "引用国办公开办函〔2021〕30号", check_p7),
    Rule("P8", "warning", "正文与上年报告重复不超过一半", check_p8, check_section=p8_section),
    *(Rule(r.key, "warning", r.title, change_check(r)) for r in CHANGE_RULES),
    *(Rule(r.key, "warning", r.title, plausibility_check(r)) for r in PLAUSIBILITY_RULES),
)
RULE_BY_KEY: dict[str, Rule] = {r.key: r for r in RULES}
TABLE_ERROR_RULES: tuple[str, ...] = ("O1", "S1", "S2", "S3", "S4")  # the tables' own identities


def section_findings(num: str, text: str, facts: Facts) -> list[Finding]:
    """The registry's rules that read one section's text (P4, P5, P8), run on a draft of that section."""
    return [f for rule in RULES if rule.check_section for f in rule.findings(rule.check_section(num, text, facts))]
