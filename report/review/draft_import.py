"""A reviewed .docx against a stored draft, and the import saved as the draft's history records it: one suggestion
per changed section (kind "review", from 审阅人) and an event with the comments and changed cells; nothing applied."""
from __future__ import annotations

import hashlib
from typing import Any

from report.facts import Facts
from report.review.compare import ReviewImport, compare_review, with_cells
from report.review.docx_in import read_reviewed
from report.store import DraftStore

EVENT = "review_import"
SUGGESTION_KIND = "review"


def import_for_draft(store: DraftStore, draft_id: int, data: bytes, filename: str) -> ReviewImport:
    """Compare a reviewed file with the stored draft (facts, current texts, pending suggestions); changes nothing."""
    draft = store.get_draft(draft_id)
    pending = {n: s.text for n, s in store.pending_suggestions(draft_id).items() if s.kind != SUGGESTION_KIND}
    doc = read_reviewed(data, filename)
    return compare_review(doc, draft.facts, store.current_sections(draft_id), pending, filename)


def _flag_dicts(result: ReviewImport, num: str) -> list[dict[str, Any]]:
    """The new number flags of a section, as the review tab shows suggestion flags."""
    return [{"message": f.message, "raw": f.raw, "sentence": f.sentence} for f in result.flags if f.section == num]


def file_id(data: bytes) -> str:
    """Short content hash of an imported file (the same file is not put into 审阅 twice)."""
    return hashlib.sha1(data).hexdigest()[:16]


def event_detail(result: ReviewImport, filename: str, sha: str = "") -> dict[str, Any]:
    """What the history keeps of an import: file, reviewers, sections changed, cells, comments, new problems."""
    return {
        "file": filename, "sha": sha, "reviewers": result.reviewers, "sections": [c.section for c in result.changes],
        "cells": [{"key": c.key, "position": c.position, "before": str(c.before), "after": str(c.after)}
                  for c in result.cells],
        "comments": [{"author": c.author, "text": c.text, "place": c.place(), "sentence": c.sentence}
                     for c in result.reviewer_comments()],
        "problems": [f.message for f in result.findings] + [f.message for f in result.flags],
        "unmapped": result.unmapped, "outcomes": result.outcomes,
    }


def save_import(store: DraftStore, draft_id: int, revision: int | None, result: ReviewImport,
                filename: str, sha: str = "") -> int:
    """Record the import and put each changed section in 审阅 as a pending suggestion; return the new revision."""
    rev = store.record_event(draft_id, revision, EVENT, event_detail(result, filename, sha))
    for change in result.changes:
        note = change.summary().split("：", 1)[1]
        _, rev = store.add_suggestion(draft_id, change.section, change.after, rev, base_text=change.before,
                                      flags=_flag_dicts(result, change.section), kind=SUGGESTION_KIND,
                                      instruction=f"{note}（来自审阅稿 {filename}）", model=change.author)
    return rev


def apply_cells(store: DraftStore, draft_id: int, revision: int | None, result: ReviewImport) -> tuple[Facts, int]:
    """Take the reviewer's table cells into the draft's facts (the user confirmed); return (facts, new revision)."""
    facts = with_cells(store.get_draft(draft_id).facts, result.cells)
    return facts, store.save_facts(draft_id, facts, revision, "review_cells")


def imports(store: DraftStore, draft_id: int) -> list[tuple[dict, str]]:
    """Past imports of reviewed files: (detail, time), newest first."""
    return [(detail, at) for kind, detail, at in reversed(store.events(draft_id)) if kind == EVENT]
