"""The checker against a labelled set (tests/data/check_labels.json): every finding marked true or false by reading
the report, the known defects it must find; precision, recall and the reports read in part that passed."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report.batch.results import NOT_A_REPORT, READ_ENOUGH, ReportResult


@dataclass
class Score:
    """What the checker found on a labelled set, against the labels."""

    true: list[str] = field(default_factory=list)  # "file: id" of findings labelled true
    false: list[str] = field(default_factory=list)  # … labelled false (false alarms)
    unlabelled: list[str] = field(default_factory=list)  # findings nobody has read yet: "file: id message"
    defects: int = 0  # known defects in the labels
    missed: list[str] = field(default_factory=list)  # known defects not found: "file: id what"
    passed_unread: list[str] = field(default_factory=list)  # reports read in part whose verdict is 通过
    wrong_kind: list[str] = field(default_factory=list)  # a non-report checked as a report, or a report refused
    reports: int = 0

    @property
    def findings(self) -> int:
        """Findings the checker gave on the labelled reports."""
        return len(self.true) + len(self.false) + len(self.unlabelled)

    @property
    def precision(self) -> float:
        """True findings / findings (an unlabelled finding counts as not true)."""
        return len(self.true) / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        """Known defects found / known defects."""
        return (self.defects - len(self.missed)) / self.defects if self.defects else 1.0


def load_labels(path: Path) -> dict[str, Any]:
    """The labels file as data."""
    return json.loads(path.read_text(encoding="utf-8"))


def labelled_sets(labels: dict[str, Any]) -> dict[str, list[dict]]:
    """The labelled reports of each set (set name → its reports' labels)."""
    out: dict[str, list[dict]] = {}
    for report in labels["reports"]:
        out.setdefault(report["set"], []).append(report)
    return out


def check_set(folder: Path, workers: int = 1) -> list[ReportResult]:
    """Check one set's folder as `nianbao check` does (its reports pair and form series among themselves)."""
    from report.batch.run import check_reports
    from report.batch.sources import collect

    inputs = collect([str(folder)])
    return check_reports(inputs.sources, workers=workers, refused=inputs.refused)


def score(results: list[ReportResult], labelled: list[dict], into: Score | None = None) -> Score:
    """Score the results of one set's check against its labels (matched by file name)."""
    s = into or Score()
    by_name = {Path(r.name).name: r for r in results}
    for label in labelled:
        name = label["file"]
        r = by_name.get(name)
        if r is None:
            s.missed += [f"{name}: {d['id']} {d['what']}（文件未检查）" for d in label.get("defects", [])]
            s.defects += len(label.get("defects", []))
            continue
        if (label.get("kind") == "not_report") != (r.verdict == NOT_A_REPORT):
            s.wrong_kind.append(f"{name}: {r.verdict}")
        if r.verdict == NOT_A_REPORT:
            continue
        s.reports += 1
        marks = label.get("findings", {})
        for f in r.findings:
            mark = marks.get(f.id)
            if mark is None:
                s.unlabelled.append(f"{name}: {f.id} {f.message}")
            else:
                (s.true if mark["true"] else s.false).append(f"{name}: {f.id}")
        found = {f.id for f in r.findings}
        s.defects += len(label.get("defects", []))
        s.missed += [f"{name}: {d['id']} {d['what']}" for d in label.get("defects", []) if d["id"] not in found]
        if r.verdict == "通过" and (r.completeness < READ_ENOUGH or r.review_reasons()):
            s.passed_unread.append(name)
    return s
