"""The one place where the app calls the domain and the chains: pages import only this package.

Each job has its module: checks (validator, text checks), model (client, errors), corpus (retrieval, uploads),
drafting (drafts, revisions, chat extraction), export (files), batch (checking many published reports); cache holds
the content-keyed caches they share.
"""
from __future__ import annotations

from ui.adapters.batch import (ReportView, batch_inputs, check_batch, corpus_sources, findings_by_rule, reading,
                               report_view, results_xlsx, summary_line, summary_table, worst_first)

from ui.adapters.chat import answer_text, note_choices, past_passages, read_message
from ui.adapters.checks import (Checked, check, flag_dicts, number_findings, open_errors, text_flags, unfinished,
                                validate_facts, with_numbers)
from ui.adapters.corpus import (add_to_corpus, get_index, ingest_corpus, parse_upload, passage_dict, passages_for,
                                previous_for, previous_report)
from ui.adapters.drafting import Finished, apply, draft_stream, extract, finish_draft, revise, this_year
from ui.adapters.export import export_bytes, export_name
from ui.adapters.model import DraftingError, chat_model, is_model_error, model_error, model_status

__all__ = [
    "answer_text", "note_choices", "past_passages", "read_message", "Checked", "check", "flag_dicts",
    "number_findings", "open_errors", "text_flags", "unfinished", "validate_facts", "with_numbers",
    "add_to_corpus", "get_index", "ingest_corpus", "parse_upload", "passage_dict", "passages_for", "previous_for",
    "previous_report", "Finished", "apply", "draft_stream", "extract", "finish_draft", "revise", "this_year", "export_bytes",
    "export_name", "DraftingError", "chat_model", "is_model_error", "model_error", "model_status", "ReportView",
    "batch_inputs", "check_batch", "corpus_sources", "report_view", "results_xlsx", "summary_table", "worst_first",
    "findings_by_rule", "reading", "summary_line",
]
