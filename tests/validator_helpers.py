"""Small consistent facts for the validator's tests, and a way to plant one wrong value."""
from __future__ import annotations

from typing import Any

from report import format as fmt
from report.facts import Facts, facts_from_dict
from report.validator import validate

# 5 new + 1 carried = 5 handled + 1 carried out; every total typed and right.
_T3 = {
    "r1": [4, 1, 0, 0, 0, 0, 5], "r2": [1, 0, 0, 0, 0, 0, 1], "r3": [2, 1, 0, 0, 0, 0, 3],
    "r4": [1, 0, 0, 0, 0, 0, 1], "r13": [1, 0, 0, 0, 0, 0, 1], "r24": [4, 1, 0, 0, 0, 0, 5],
    "r25": [1, 0, 0, 0, 0, 0, 1],
}
_T4 = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
GOOD_SECTIONS = {
    "一": "本年度共收到政府信息公开申请5件，上年结转1件，办结5件，结转下年度继续办理1件。"
          "主动公开政府信息85条，开展培训3次。被申请行政复议1件，提起行政诉讼1件。"
          "本机关严格依照国办公开办函〔2021〕30号的要求编制本报告。",
    "五": "部分业务信息公开不够及时，下一步将建立公开事项清单，按月督办，确保信息及时公开。",
    "六": "本年度未收取信息处理费。无其他需要报告的事项，特此说明。",
}


def make_data(**changes: Any) -> dict:
    """A consistent facts dict (county department, 2022); keyword arguments replace top-level fields."""
    t3 = {r: list(_T3.get(r, [0] * fmt.T3_NCOLS)) for r in fmt.T3_ROW_KEYS}
    data = {"agency": "示例县某局", "year": 2022, "level": "县级部门", "t3": t3, "t4": list(_T4)}
    data.update(changes)
    return data


def make_facts(**changes: Any) -> Facts:
    """make_data() as Facts."""
    return facts_from_dict(make_data(**changes))


def with_cell(facts: Facts, key: str, value: Any) -> Facts:
    """A copy of facts with one Table 三/四 cell set (bypassing validation, to plant any value)."""
    out = facts.model_copy(deep=True)
    parts = key.split(".")
    if parts[0] == "t3":
        out.t3[parts[1]][int(parts[2][1:]) - 1] = value
    else:
        out.t4[int(parts[1][1:]) - 1] = value
    return out


def findings(facts: Facts, key: str, **kwargs: Any) -> list:
    """The findings of one rule on facts."""
    return [f for f in validate(facts, **kwargs).findings if f.key == key]
