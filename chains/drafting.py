"""Section drafting chain (LCEL): this year's facts + passages → streamed text → checks → one re-ask → flags kept."""
from __future__ import annotations

import math
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Optional

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from chains.model import (ModelError, ModelReplyError, call_with_retries, cut_error, fallback_message, kept_partial,
                          model_name, stream_with_retries, tidy_section, tidy_subhead_reply)
from chains.prompts import Prompt, load_prompt, prompt_tags, section_inputs, subhead_inputs
from chains.section_one import ReplyCleaner, assemble, clean_reply, subhead_spans
from report import format as fmt
from report.basis import ThisYear, validated
from report.drafted import DraftedSection, check_section
from report.errors import NianbaoError
from report.prose import marks_notes, wording_notes
from report.replies import TidyReply
from report.facts import Facts
from report.findings import Finding
from report.subheads import SUBHEADS, SubHead, route_note
from report.textcheck import TextCheck
from settings import get_settings

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
REASKED_RULES = ("P4", "P5")  # rule findings the model is asked to fix; P8 (repeating last year) is the reviewer's
SUBHEAD_PROMPT = "section_一_sub"  # section 一 is drafted as its five sub-heads at once, one request each
REASK_FAILED = "自动核对后重写失败，保留原稿并标出问题："

Basis = Facts | ThisYear  # what an entry point accepts; anything below it works on a ThisYear


class SectionError(NianbaoError):
    """A section that the model does not write (二/三/四 are the validated tables)."""


class _Stopped(Exception):
    """A sub-head request given up because its section already failed or its stream was closed."""


def request_slots(limit: Optional[int] = None) -> threading.BoundedSemaphore:
    """The budget of model requests in flight at once for one report (NIANBAO_MAX_CONCURRENCY)."""
    return threading.BoundedSemaphore(limit or get_settings().max_concurrency)


def require_narrative(num: str) -> None:
    """Refuse table sections and unknown numerals with a Chinese message."""
    if num not in fmt.NARRATIVE_SECTIONS:
        if num in fmt.SECTION_NUMS:
            raise SectionError(f"第{num}部分是统计表，由核对后的数据直接生成，不由模型起草。")
        raise SectionError(f"没有第{num}部分：可起草的部分为一、五、六。")


# ---------------------------------------------------------------- prompts and chains


def section_prompts(num: str) -> tuple[Prompt, Prompt]:
    """The system rules and the template of one section."""
    return load_prompt("system"), load_prompt(f"section_{num}")


def section_template(num: str) -> ChatPromptTemplate:
    """System rules + the section's template as one chat prompt."""
    system, section = section_prompts(num)
    return ChatPromptTemplate.from_messages([("system", system.text), ("human", section.text)])


def reask_template(num: str) -> ChatPromptTemplate:
    """The section prompt, the model's draft, and the request to correct the numbers it names."""
    system, section = section_prompts(num)
    return task_reask_template(system, section)


def task_reask_template(system: Prompt, task: Prompt) -> ChatPromptTemplate:
    """Any task's prompt (section, sub-head, revision), the model's reply, and the one re-ask naming its problems."""
    return ChatPromptTemplate.from_messages([("system", system.text), ("human", task.text), ("ai", "{draft}"),
                                             ("human", load_prompt("reask").text)])


def subhead_template() -> ChatPromptTemplate:
    """System rules + the template of one sub-head of section 一."""
    return ChatPromptTemplate.from_messages([("system", load_prompt("system").text),
                                             ("human", load_prompt(SUBHEAD_PROMPT).text)])


def subhead_reask_template() -> ChatPromptTemplate:
    """The sub-head prompt, the model's text for it, and the request to correct the numbers it names."""
    return task_reask_template(load_prompt("system"), load_prompt(SUBHEAD_PROMPT))


def clean_text(num: str, text: str) -> str:
    """Strip code fences, Markdown emphasis and a repeated section heading from a model's reply."""
    text = _FENCE.sub("", text.strip()).replace("**", "").strip()
    lines = text.splitlines()
    heading = fmt.SECTION_BY_NUM[num].heading
    if lines and lines[0].strip().lstrip("#").strip() in (heading, fmt.SECTION_BY_NUM[num].title):
        lines = lines[1:]
    return "\n".join(line.rstrip() for line in lines).strip()


# ---------------------------------------------------------------- checks and the one re-ask


def check_draft(num: str, text: str, facts: Basis, open_errors: Optional[list[Finding]] = None) -> TextCheck:
    """Every check of a drafted text (guard, P3, P4/P5/P8, 【需核实】 on figures in open table errors)."""
    return check_section(num, text, validated(facts), open_errors)


def _reask_findings(check: TextCheck) -> list[Finding]:
    return [f for f in check.findings if f.key in REASKED_RULES]


def needs_reask(check: TextCheck) -> bool:
    """The one trigger of a re-ask: a number flagged, or P4/P5 not met."""
    return bool(check.flags or _reask_findings(check))


def problems_text(check: TextCheck, flags: Optional[list] = None) -> str:
    """The numbered list of problems the re-ask names (the check's flags, or the given subset, then P4/P5)."""
    lines = [f.message for f in (check.flags if flags is None else flags)]
    lines += [f.message for f in _reask_findings(check)] if flags is None else []
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


Rewrite = Callable[[TextCheck], Optional[TidyReply]]  # the re-ask itself: the corrected reply tidied, None if not asked
REASK_NOTE = "核对后重写稿："  # before each note the cleaner made on the re-ask's reply
REASK_EMPTY = "核对后重写稿清理后没有正文，保留原稿并标出问题。"


def tidy_rewrite(num: str, reply: str) -> TidyReply:
    """A re-ask or revision reply through the same cleaner as a first reply (ModelFormatError when English)."""
    return tidy_section(num, clean_text(num, reply))


def reask_once(draft: DraftedSection, rewrite: Rewrite, recheck: Callable[[str], TextCheck],
               version: str) -> DraftedSection:
    """The one re-ask helper (drafting, sub-heads, revision): when needs_reask, ask once; what remains is flagged."""
    if not needs_reask(draft.check):
        return draft
    try:
        revised = rewrite(draft.check)
    except ModelError as e:
        draft.reasked, draft.prompt_version = True, version
        draft.notes.append(f"{REASK_FAILED}{e}")
        return draft
    if revised is None:
        return draft
    draft.reasked, draft.prompt_version = True, version
    draft.notes += [f"{REASK_NOTE}{note}" for note in revised.notes]
    if revised.text.strip():
        draft.check = recheck(revised.text)
    else:
        draft.notes.append(REASK_EMPTY)
    return draft


def invoke_once(template: ChatPromptTemplate, llm: Any, inputs: dict[str, Any], slots: Any) -> str:
    """One non-streamed request (retried), within the report's request budget."""
    chain = template | llm | StrOutputParser()
    with slots:
        return call_with_retries(lambda: chain.invoke(inputs))


# ---------------------------------------------------------------- one section


def _model_chunks(chain: Any, inputs: dict[str, Any], meta: dict[str, Any],
                  stop: Optional[threading.Event] = None) -> Iterator[str]:
    """The text of a model's streamed reply; a stream that ends without a finish reason was cut off."""
    parts: list[str] = []
    for chunk in chain.stream(inputs):
        if stop is not None and stop.is_set():
            raise _Stopped()
        if reason := chunk.response_metadata.get("finish_reason"):
            meta["finish_reason"] = reason
        if text := chunk.text:
            parts.append(text)
            yield text
    if not meta.get("finish_reason"):
        raise cut_error("".join(parts))


def _stream(num: str, this: ThisYear, passages: list[Any], llm: Any, meta: dict[str, Any]) -> Iterator[str]:
    inputs = section_inputs(num, this, passages)
    chain = section_template(num) | llm
    yield from stream_with_retries(lambda: _model_chunks(chain, inputs, meta))


def stream_section(num: str, facts: Basis, passages: Iterable[Any] = (), llm: Any = None,
                   previous: Any = None, *, meta: Optional[dict[str, Any]] = None,
                   slots: Optional[threading.Semaphore] = None) -> Iterator[str]:
    """Stream one narrative section (offline when llm is None); 一's sub-heads stream in order, all drafted at once."""
    require_narrative(num)
    this, passages = validated(facts, previous), list(passages)
    if llm is None:
        from chains.offline import iter_offline

        yield from iter_offline(num, this, passages)
        return
    meta = {} if meta is None else meta
    if num == "一":
        yield from _stream_subheads(this, passages, llm, meta, slots or request_slots())
        return
    with slots or request_slots():
        yield from _stream(num, this, passages, llm, meta)


# ---------------------------------------------------------------- section 一: five sub-heads at once


def _subhead_chunks(sub: SubHead, this: ThisYear, passages: list[Any], llm: Any, meta: dict[str, Any],
                    stop: threading.Event) -> Iterator[str]:
    """The raw streamed reply for one sub-head, retried like any section; given up once stop is set."""
    inputs, chain = subhead_inputs(sub, this, passages), subhead_template() | llm

    def attempt() -> Iterator[str]:
        if stop.is_set():
            raise _Stopped()
        return _model_chunks(chain, inputs, meta, stop)

    return stream_with_retries(attempt, sleep=stop.wait)


def _empty_subhead(sub: SubHead, partial: str) -> ModelReplyError:
    return ModelReplyError(f"模型没有返回“{sub.line}”的正文，请重试。", partial=partial)


def _live_subhead(sub: SubHead, this: ThisYear, passages: list[Any], llm: Any, slots: threading.Semaphore,
                  stop: threading.Event, reasons: list[str]) -> Iterator[str]:
    """The first sub-head: its heading line, then its cleaned text token by token as the model writes it."""
    yield sub.line + "\n"
    cleaner, meta = ReplyCleaner(sub), {}
    with slots:
        for chunk in _subhead_chunks(sub, this, passages, llm, meta, stop):
            if text := cleaner.feed(chunk):
                yield text
    if tail := cleaner.finish():
        yield tail
    if not cleaner.emitted:
        raise _empty_subhead(sub, "")
    reasons.append(meta.get("finish_reason", ""))


def _background_subhead(sub: SubHead, this: ThisYear, passages: list[Any], llm: Any, slots: threading.Semaphore,
                        stop: threading.Event) -> tuple[str, str]:
    """A later sub-head drafted in the background: its cleaned text and finish reason."""
    meta: dict[str, Any] = {}
    with slots:
        raw = "".join(_subhead_chunks(sub, this, passages, llm, meta, stop))
    if not (text := clean_reply(sub, raw)):
        raise _empty_subhead(sub, raw)
    return text, meta.get("finish_reason", "")


def _in_subhead(err: ModelError, sub: SubHead, sent: str) -> ModelError:
    """The same Chinese error naming the sub-head, with the section text already streamed as its partial."""
    return type(err)(f"第一部分“{sub.line}”：{err}", partial=sent, status=err.status)


def _stream_subheads(this: ThisYear, passages: list[Any], llm: Any, meta: dict[str, Any],
                     slots: threading.Semaphore) -> Iterator[str]:
    """Section 一: all five sub-heads requested at once; the first streamed live, each later one when it is next."""
    first, rest = SUBHEADS[0], SUBHEADS[1:]
    stop, reasons, sent = threading.Event(), [], []
    pool = ThreadPoolExecutor(max_workers=len(rest), thread_name_prefix="subhead")
    futures = [pool.submit(_background_subhead, sub, this, passages, llm, slots, stop) for sub in rest]
    current = first
    try:
        for chunk in _live_subhead(first, this, passages, llm, slots, stop, reasons):
            sent.append(chunk)
            yield chunk
        for current, future in zip(rest, futures):
            text, reason = future.result()
            reasons.append(reason)
            for chunk in (f"\n{current.line}\n", text):
                sent.append(chunk)
                yield chunk
    except ModelError as e:
        raise _in_subhead(e, current, "".join(sent)) from e
    finally:
        stop.set()  # a failed or closed section gives up the requests still running
        pool.shutdown(wait=False, cancel_futures=True)
    meta["finish_reason"] = "length" if "length" in reasons else reasons[0]


# ---------------------------------------------------------------- checking a streamed text


def review_draft(num: str, text: str, facts: Basis, passages: Iterable[Any] = (), llm: Any = None,
                 previous: Any = None, *, finish_reason: Optional[str] = None,
                 slots: Optional[threading.Semaphore] = None,
                 open_errors: Optional[list[Finding]] = None) -> DraftedSection:
    """Check a drafted text; with a model, re-ask once (for 一 only the flagged sub-heads); what remains is kept."""
    this = validated(facts, previous)
    tidy = tidy_section(num, clean_text(num, text)) if llm is not None else None  # ModelFormatError: not kept
    draft = _review(num, tidy.text if tidy else text, this, list(passages), llm, slots or request_slots(), open_errors)
    draft.notes[:0] = tidy.notes if tidy else []
    draft.notes += wording_notes(num, draft.text, this.facts) + marks_notes(draft.text)
    if finish_reason == "length":
        draft.notes.append(f"模型输出达到长度上限（NIANBAO_MAX_TOKENS），第{num}部分可能不完整，请检查结尾。")
    return draft


def _review(num: str, text: str, this: ThisYear, passages: list[Any], llm: Any, slots: threading.Semaphore,
            open_errors: Optional[list[Finding]]) -> DraftedSection:
    text = clean_text(num, text)
    if not text:
        raise ModelReplyError(f"模型没有返回第{num}部分的正文，请重试。")
    spans = subhead_spans(text) if num == "一" else None
    system, task = (load_prompt("system"), load_prompt(SUBHEAD_PROMPT)) if spans else section_prompts(num)
    draft = DraftedSection(num, check_section(num, text, this, open_errors), passages,
                           prompt_version=prompt_tags(system, task), model=model_name(llm))
    if llm is None:
        return draft
    version = prompt_tags(system, task, load_prompt("reask"))
    recheck = lambda revised: check_section(num, revised, this, open_errors)  # noqa: E731
    if spans:
        return reask_once(draft, _subheads_rewrite(draft, text, spans, this, llm, slots), recheck, version)

    def rewrite(check: TextCheck) -> TidyReply:
        inputs = {**section_inputs(num, this, passages), "draft": text, "problems": problems_text(check)}
        return tidy_rewrite(num, invoke_once(reask_template(num), llm, inputs, slots))

    return reask_once(draft, rewrite, recheck, version)


def _reasked_subhead(sub: SubHead, text: str, check: TextCheck, flags: list, this: ThisYear, passages: list[Any],
                     llm: Any, slots: threading.Semaphore) -> TidyReply:
    """One sub-head rewritten once, told which of its numbers are unsupported, tidied like its first reply."""
    inputs = {**subhead_inputs(sub, this, passages), "draft": text, "problems": problems_text(check, flags)}
    reply = clean_reply(sub, invoke_once(subhead_reask_template(), llm, inputs, slots))
    return tidy_subhead_reply(sub, reply)


def _subheads_rewrite(draft: DraftedSection, text: str, spans: list[tuple[int, int]], this: ThisYear, llm: Any,
                      slots: threading.Semaphore) -> Rewrite:
    """The re-ask of section 一: only the sub-heads whose text carries a flag, at once; None when none does."""

    def rewrite(_check: TextCheck) -> Optional[TidyReply]:
        texts, notes = [text[start:end] for start, end in spans], []
        check = check_section("一", text, this, [])  # flags on the text as the model wrote it (no marks added)
        wrong = {i: found for i, (start, end) in enumerate(spans)
                 if (found := [f for f in check.flags if start <= f.start < end])}
        if not wrong:
            return None
        with ThreadPoolExecutor(max_workers=len(wrong), thread_name_prefix="reask") as pool:
            futures = {i: pool.submit(_reasked_subhead, SUBHEADS[i], texts[i], check, found, this, draft.sources, llm,
                                      slots) for i, found in wrong.items()}
        for i, future in futures.items():
            try:
                tidy = future.result()
            except ModelError as e:
                draft.notes.append(f"{REASK_FAILED}“{SUBHEADS[i].line}”{e}")
                continue
            notes += tidy.notes
            if tidy.text.strip():
                texts[i] = tidy.text
            else:
                notes.append(f"“{SUBHEADS[i].line}”重写后没有正文，保留原稿。")
        return TidyReply(assemble(texts), notes)

    return rewrite


def draft_section(num: str, facts: Basis, passages: Iterable[Any] = (), llm: Any = None,
                  previous: Any = None, *, slots: Optional[threading.Semaphore] = None,
                  open_errors: Optional[list[Finding]] = None) -> DraftedSection:
    """Draft one narrative section: stream, check, one re-ask if needed; offline drafter when llm is None."""
    started = time.perf_counter()
    require_narrative(num)
    this, passages = validated(facts, previous), list(passages)
    if llm is None:
        draft = offline_draft(num, this, passages, open_errors=open_errors)
    else:
        meta: dict[str, Any] = {}
        slots = slots or request_slots()
        text = "".join(stream_section(num, this, passages, llm, meta=meta, slots=slots))
        draft = review_draft(num, text, this, passages, llm, finish_reason=meta.get("finish_reason"),
                             slots=slots, open_errors=open_errors)
    draft.elapsed = time.perf_counter() - started
    return draft


def offline_draft(num: str, facts: Basis, passages: Iterable[Any] = (), previous: Any = None, *,
                  open_errors: Optional[list[Finding]] = None, text: str = "") -> DraftedSection:
    """The offline drafter's section (or the text it streamed, not composed again), checked once."""
    from chains.offline import offline_section

    return offline_section(num, validated(facts, previous), passages, open_errors=open_errors, text=text)


# ---------------------------------------------------------------- the whole report


def section_passages(index: Any, num: str, facts: Facts, k: int = 4) -> list[Any]:
    """Past passages for a section; for 一, a few for each of its five sub-heads (so every sub-head has examples)."""
    if num != "一":
        return list(index.passages_for(num, facts, k=k))
    found: dict[str, Any] = {}
    per_sub = max(1, math.ceil(k / 2))
    for sub in SUBHEADS:
        notes = [n for n in facts.notes.get("一", []) if route_note(n) == sub.key]
        query = "；".join([sub.line, sub.guidance, *notes])
        for p in index.passages_for("一", facts, k=per_sub, query=query):
            found.setdefault(p["text"] if isinstance(p, dict) else p.text, p)
    return list(found.values())


def _passages(index: Any, num: str, facts: Facts, k: int) -> tuple[list[Any], list[str]]:
    if index is None:
        return [], []
    try:
        return section_passages(index, num, facts, k), []
    except NianbaoError as e:
        return [], [f"检索往年报告失败，本部分未参考往年文风：{e}"]


def _draft_or_fallback(num: str, this: ThisYear, passages: list[Any], llm: Any, fallback: bool,
                       slots: threading.Semaphore, open_errors: Optional[list[Finding]]) -> DraftedSection:
    started = time.perf_counter()
    try:
        return draft_section(num, this, passages, llm, slots=slots, open_errors=open_errors)
    except ModelError as e:
        if not fallback:
            raise
        kept = kept_partial(num, e)  # what arrived, marked as unfinished; else the offline drafter's text
        draft = offline_draft(num, this, passages, open_errors=open_errors, text=kept.text if kept else "")
        draft.error = fallback_message(num, e, kept)
        if kept:
            draft.model, draft.notes[:0] = model_name(llm), kept.notes
        draft.elapsed = time.perf_counter() - started
        return draft


def draft_report(facts: Basis, *, index: Any = None, llm: Any = None, previous: Any = None, k: int = 4,
                 fallback_offline: bool = True,
                 open_errors: Optional[list[Finding]] = None) -> dict[str, DraftedSection]:
    """Draft 一 (its five sub-heads), 五 and 六 concurrently, at most NIANBAO_MAX_CONCURRENCY requests at once."""
    this, slots = validated(facts, previous), request_slots()
    found = {num: _passages(index, num, this.facts, k) for num in fmt.NARRATIVE_SECTIONS}
    with ThreadPoolExecutor(max_workers=len(fmt.NARRATIVE_SECTIONS), thread_name_prefix="draft") as pool:
        futures = {num: pool.submit(_draft_or_fallback, num, this, found[num][0], llm, fallback_offline,
                                    slots, open_errors) for num in fmt.NARRATIVE_SECTIONS}
        drafts = {num: futures[num].result() for num in fmt.NARRATIVE_SECTIONS}
    for num, draft in drafts.items():
        draft.notes[:0] = found[num][1]
    return drafts
