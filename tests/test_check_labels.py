"""The batch checker on the labelled set (tests/data/check_labels.json): every finding it gives was read and marked
true or false, precision and recall meet their targets, and no report read in part passes."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPORTS, shared_file
from report.batch.evaluate import check_set, labelled_sets, load_labels, score
from settings import PROJECT_ROOT

LABELS = Path(__file__).resolve().parent / "data" / "check_labels.json"
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.90


def _folder(name: str, labels: dict) -> Path:
    if name == "shared":
        return shared_file(REPORTS / "MANIFEST.md").parent  # skips when ../shared is absent
    return (PROJECT_ROOT / labels["sets"][name]).resolve()


@pytest.mark.parametrize("name", ["shared", "corpus", "own"])
def test_labelled_set_precision_recall_and_no_partly_read_report_passes(name):
    labels = load_labels(LABELS)
    s = score(check_set(_folder(name, labels)), labelled_sets(labels)[name])
    assert s.unlabelled == [], "检查器给出了未标注的问题，请阅读报告后标注：" + "；".join(s.unlabelled)
    assert s.precision >= TARGET_PRECISION, s.false
    assert s.recall >= TARGET_RECALL, s.missed
    assert s.passed_unread == [] and s.wrong_kind == []
    assert s.reports == sum(1 for r in labelled_sets(labels)[name] if r.get("kind") != "not_report")


def test_every_labelled_true_finding_says_why_and_every_defect_is_a_labelled_finding():
    for report in load_labels(LABELS)["reports"]:
        assert all(mark["why"] for mark in report["findings"].values()), report["file"]
        assert {d["id"] for d in report["defects"]} <= {k for k, m in report["findings"].items() if m["true"]}
