"""Section drafting chain (LCEL): facts + passages → streamed text → number guard → one re-ask → flags kept."""
from __future__ import annotations

import math
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Iterator, Optional

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from chains.model import (ModelError, ModelReplyError, call_with_retries, cut_error, fallback_message, kept_partial,
                          model_name, stream_with_retries, tidy_section)
from chains.prompts import Prompt, load_prompt, prompt_tags, section_inputs, subhead_inputs
from chains.schemas import SectionDraft
from chains.section_one import ReplyCleaner, assemble, clean_reply, subhead_spans
from report import format as fmt
from report.errors import NianbaoError
from report.facts import Facts
from report.findings import Finding
from report.guard import GuardFlag
from report.parsed import with_previous
from report.subheads import SUBHEADS, SubHead, route_note
from report.textcheck import NEEDS_CHECK, TextCheck, check_text
from report.validator import validate
from settings import get_settings

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
REASKED_RULES = ("P4", "P5")  # rule findings the model is asked to fix; P8 (repeating last year) is the reviewer's
SUBHEAD_PROMPT = "section_一_sub"  # section 一 is drafted as its five sub-heads at once, one request each
REASK_FAILED = "自动核对后重写失败，保留原稿并标出问题："


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


def validated(facts: Facts, previous: Any = None) -> Facts:
    """The facts as the validator leaves them (totals filled), with what last year's report adds (tables, text)."""
    return with_previous(validate(facts).facts, previous)


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
    return _reask(system, section)


def _reask(system: Prompt, task: Prompt) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("system", system.text), ("human", task.text), ("ai", "{draft}"),
                                             ("human", load_prompt("reask").text)])


def subhead_template() -> ChatPromptTemplate:
    """System rules + the template of one sub-head of section 一."""
    return ChatPromptTemplate.from_messages([("system", load_prompt("system").text),
                                             ("human", load_prompt(SUBHEAD_PROMPT).text)])


def subhead_reask_template() -> ChatPromptTemplate:
    """The sub-head prompt, the model's text for it, and the request to correct the numbers it names."""
    return _reask(load_prompt("system"), load_prompt(SUBHEAD_PROMPT))


def clean_text(num: str, text: str) -> str:
    """Strip code fences, Markdown emphasis and a repeated section heading from a model's reply."""
    text = _FENCE.sub("", text.strip()).replace("**", "").strip()
    lines = text.splitlines()
    heading = fmt.SECTION_BY_NUM[num].heading
    if lines and lines[0].strip().lstrip("#").strip() in (heading, fmt.SECTION_BY_NUM[num].title):
        lines = lines[1:]
    return "\n".join(line.rstrip() for line in lines).strip()


# ---------------------------------------------------------------- checks (one place: report/textcheck.py)


def check_draft(num: str, text: str, facts: Facts, open_errors: Optional[list[Finding]] = None) -> TextCheck:
    """Every check of a drafted text (guard, P3, P4/P5/P8, 【需核实】 on figures in open table errors)."""
    return check_text(num, text, facts, open_errors)


def _reask_findings(check: TextCheck) -> list[Finding]:
    return [f for f in check.findings if f.key in REASKED_RULES]


def needs_reask(check: TextCheck) -> bool:
    """True when the model should be asked once more: a number flagged, or P4/P5 not met."""
    return bool(check.flags or _reask_findings(check))


def problems_text(flags: list[GuardFlag], findings: Iterable[Finding] = ()) -> str:
    """The numbered list of problems the re-ask names."""
    lines = [f.message for f in flags] + [f.message for f in findings]
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def apply_check(draft: Any, check: TextCheck) -> None:
    """Put a check's text, flags and warnings on a draft or suggestion."""
    draft.text, draft.flags, draft.warnings = check.text, check.flags, check.warnings


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


def _stream(num: str, facts: Facts, passages: list[Any], llm: Any, previous: Any,
            meta: dict[str, Any]) -> Iterator[str]:
    inputs = section_inputs(num, facts, passages, previous)
    chain = section_template(num) | llm
    yield from stream_with_retries(lambda: _model_chunks(chain, inputs, meta))


def stream_section(num: str, facts: Facts, passages: Iterable[Any] = (), llm: Any = None,
                   previous: Any = None, *, meta: Optional[dict[str, Any]] = None,
                   slots: Optional[threading.Semaphore] = None) -> Iterator[str]:
    """Stream one narrative section (offline when llm is None); 一's sub-heads stream in order, all drafted at once."""
    require_narrative(num)
    facts, passages = validated(facts), list(passages)
    if llm is None:
        from chains.offline import iter_offline

        yield from iter_offline(num, facts, passages, previous)
        return
    meta = {} if meta is None else meta
    if num == "一":
        yield from _stream_subheads(facts, passages, llm, meta, slots or request_slots())
        return
    with slots or request_slots():
        yield from _stream(num, facts, passages, llm, previous, meta)


# ---------------------------------------------------------------- section 一: five sub-heads at once


def _subhead_chunks(sub: SubHead, facts: Facts, passages: list[Any], llm: Any, meta: dict[str, Any],
                    stop: threading.Event) -> Iterator[str]:
    """The raw streamed reply for one sub-head, retried like any section; given up once stop is set."""
    inputs, chain = subhead_inputs(sub, facts, passages), subhead_template() | llm

    def attempt() -> Iterator[str]:
        if stop.is_set():
            raise _Stopped()
        return _model_chunks(chain, inputs, meta, stop)

    return stream_with_retries(attempt, sleep=stop.wait)


def _empty_subhead(sub: SubHead, partial: str) -> ModelReplyError:
    return ModelReplyError(f"模型没有返回“{sub.line}”的正文，请重试。", partial=partial)


def _live_subhead(sub: SubHead, facts: Facts, passages: list[Any], llm: Any, slots: threading.Semaphore,
                  stop: threading.Event, reasons: list[str]) -> Iterator[str]:
    """The first sub-head: its heading line, then its cleaned text token by token as the model writes it."""
    yield sub.line + "\n"
    cleaner, meta = ReplyCleaner(sub), {}
    with slots:
        for chunk in _subhead_chunks(sub, facts, passages, llm, meta, stop):
            if text := cleaner.feed(chunk):
                yield text
    if tail := cleaner.finish():
        yield tail
    if not cleaner.emitted:
        raise _empty_subhead(sub, "")
    reasons.append(meta.get("finish_reason", ""))


def _background_subhead(sub: SubHead, facts: Facts, passages: list[Any], llm: Any, slots: threading.Semaphore,
                        stop: threading.Event) -> tuple[str, str]:
    """A later sub-head drafted in the background: its cleaned text and finish reason."""
    meta: dict[str, Any] = {}
    with slots:
        raw = "".join(_subhead_chunks(sub, facts, passages, llm, meta, stop))
    if not (text := clean_reply(sub, raw)):
        raise _empty_subhead(sub, raw)
    return text, meta.get("finish_reason", "")


def _in_subhead(err: ModelError, sub: SubHead, sent: str) -> ModelError:
    """The same Chinese error naming the sub-head, with the section text already streamed as its partial."""
    return type(err)(f"第一部分“{sub.line}”：{err}", partial=sent, status=err.status)


def _stream_subheads(facts: Facts, passages: list[Any], llm: Any, meta: dict[str, Any],
                     slots: threading.Semaphore) -> Iterator[str]:
    """Section 一: all five sub-heads requested at once; the first streamed live, each later one when it is next."""
    first, rest = SUBHEADS[0], SUBHEADS[1:]
    stop, reasons, sent = threading.Event(), [], []
    pool = ThreadPoolExecutor(max_workers=len(rest), thread_name_prefix="subhead")
    futures = [pool.submit(_background_subhead, sub, facts, passages, llm, slots, stop) for sub in rest]
    current = first
    try:
        for chunk in _live_subhead(first, facts, passages, llm, slots, stop, reasons):
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


def review_draft(num: str, text: str, facts: Facts, passages: Iterable[Any] = (), llm: Any = None,
                 previous: Any = None, *, finish_reason: Optional[str] = None,
                 slots: Optional[threading.Semaphore] = None,
                 open_errors: Optional[list[Finding]] = None) -> SectionDraft:
    """Check a drafted text; with a model, re-ask once (for 一 only the flagged sub-heads); what remains is kept."""
    facts = validated(facts, previous)
    tidy = tidy_section(num, clean_text(num, text)) if llm is not None else None  # ModelFormatError: not kept
    draft = _review(num, tidy.text if tidy else text, facts, list(passages), llm, previous, slots or request_slots(),
                    open_errors)
    draft.warnings[:0] = tidy.notes if tidy else []
    if finish_reason == "length":
        draft.warnings.append(f"模型输出达到长度上限（NIANBAO_MAX_TOKENS），第{num}部分可能不完整，请检查结尾。")
    return draft


def _review(num: str, text: str, facts: Facts, passages: list[Any], llm: Any, previous: Any,
            slots: threading.Semaphore, open_errors: Optional[list[Finding]]) -> SectionDraft:
    text = clean_text(num, text)
    if not text:
        raise ModelReplyError(f"模型没有返回第{num}部分的正文，请重试。")
    spans = subhead_spans(text) if num == "一" else None
    system, section = (load_prompt("system"), load_prompt(SUBHEAD_PROMPT)) if spans else section_prompts(num)
    check = check_draft(num, text, facts, open_errors)
    draft = SectionDraft(num, text, passages, prompt_version=prompt_tags(system, section), model=model_name(llm))
    apply_check(draft, check)
    if llm is None or not needs_reask(check):
        return draft
    if spans:
        return _reask_subheads(draft, text, spans, facts, llm, slots, open_errors)
    reask = load_prompt("reask")
    inputs = {**section_inputs(num, facts, passages, previous), "draft": text,
              "problems": problems_text(check.flags, _reask_findings(check))}
    chain = reask_template(num) | llm | StrOutputParser()
    draft.reasked, draft.prompt_version = True, prompt_tags(system, section, reask)
    try:
        with slots:
            revised = clean_text(num, call_with_retries(lambda: chain.invoke(inputs)))
    except ModelError as e:
        draft.warnings.append(f"{REASK_FAILED}{e}")
        return draft
    if revised:
        apply_check(draft, check_draft(num, revised, facts, open_errors))
    return draft


def _reasked_subhead(sub: SubHead, text: str, flags: list[GuardFlag], facts: Facts, passages: list[Any],
                     llm: Any, slots: threading.Semaphore) -> str:
    """One sub-head rewritten once, told which of its numbers are unsupported ("" when the reply is empty)."""
    inputs = {**subhead_inputs(sub, facts, passages), "draft": text, "problems": problems_text(flags)}
    chain = subhead_reask_template() | llm | StrOutputParser()
    with slots:
        return clean_reply(sub, call_with_retries(lambda: chain.invoke(inputs)))


def _reask_subheads(draft: SectionDraft, text: str, spans: list[tuple[int, int]], facts: Facts, llm: Any,
                    slots: threading.Semaphore,
                    open_errors: Optional[list[Finding]]) -> SectionDraft:
    """Re-ask, at once, only the sub-heads of section 一 whose text carries a flag; then check the section again."""
    texts = [text[start:end] for start, end in spans]
    check = check_draft("一", text, facts, [])  # flags on the text as the model wrote it (no marks added)
    wrong = {i: found for i, (start, end) in enumerate(spans)
             if (found := [f for f in check.flags if start <= f.start < end])}
    if not wrong:
        return draft
    draft.reasked = True
    draft.prompt_version = prompt_tags(load_prompt("system"), load_prompt(SUBHEAD_PROMPT), load_prompt("reask"))
    with ThreadPoolExecutor(max_workers=len(wrong), thread_name_prefix="reask") as pool:
        futures = {i: pool.submit(_reasked_subhead, SUBHEADS[i], texts[i], found, facts, draft.passages, llm, slots)
                   for i, found in wrong.items()}
    failed = []
    for i, future in futures.items():
        try:
            texts[i] = future.result() or texts[i]
        except ModelError as e:
            failed.append(f"{REASK_FAILED}“{SUBHEADS[i].line}”{e}")
    if (revised := assemble(texts)) != text:
        apply_check(draft, check_draft("一", revised, facts, open_errors))
    draft.warnings += failed
    return draft


def draft_section(num: str, facts: Facts, passages: Iterable[Any] = (), llm: Any = None,
                  previous: Any = None, *, slots: Optional[threading.Semaphore] = None,
                  open_errors: Optional[list[Finding]] = None) -> SectionDraft:
    """Draft one narrative section: stream, check, one re-ask if needed; offline drafter when llm is None."""
    started = time.perf_counter()
    require_narrative(num)
    facts, passages = validated(facts, previous), list(passages)
    if llm is None:
        draft = offline_draft(num, facts, passages, previous, open_errors=open_errors)
    else:
        meta: dict[str, Any] = {}
        slots = slots or request_slots()
        text = "".join(stream_section(num, facts, passages, llm, previous, meta=meta, slots=slots))
        draft = review_draft(num, text, facts, passages, llm, previous, finish_reason=meta.get("finish_reason"),
                             slots=slots, open_errors=open_errors)
    draft.elapsed = time.perf_counter() - started
    return draft


def offline_draft(num: str, facts: Facts, passages: list[Any], previous: Any = None, *,
                  open_errors: Optional[list[Finding]] = None, text: str = "") -> SectionDraft:
    """The offline drafter's section (or a text it streamed) as a SectionDraft, with the same checks as a model's."""
    from chains.offline import offline_section

    facts = validated(facts, previous)
    result = offline_section(num, facts, passages, previous)
    draft = SectionDraft(num, text or result.text, passages, prompt_version=f"offline@{result.prompt_version}",
                         model=model_name(None))
    apply_check(draft, check_draft(num, draft.text, facts, open_errors))
    if marks := draft.text.count(NEEDS_CHECK):
        draft.warnings.append(f"有{marks}处标注“{NEEDS_CHECK}”，请核实补充后再定稿。")
    return draft


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


def _draft_or_fallback(num: str, facts: Facts, passages: list[Any], llm: Any, previous: Any,
                       fallback: bool, slots: threading.Semaphore, open_errors: Optional[list[Finding]]) -> SectionDraft:
    started = time.perf_counter()
    try:
        return draft_section(num, facts, passages, llm, previous, slots=slots, open_errors=open_errors)
    except ModelError as e:
        if not fallback:
            raise
        kept = kept_partial(num, e)  # what arrived, marked as unfinished; else the offline drafter's text
        draft = offline_draft(num, facts, passages, previous, open_errors=open_errors, text=kept.text if kept else "")
        draft.error = fallback_message(num, e, kept)
        if kept:
            draft.model, draft.warnings[:0] = model_name(llm), kept.notes
        draft.elapsed = time.perf_counter() - started
        return draft


def draft_report(facts: Facts, *, index: Any = None, llm: Any = None, previous: Any = None, k: int = 4,
                 fallback_offline: bool = True,
                 open_errors: Optional[list[Finding]] = None) -> dict[str, SectionDraft]:
    """Draft 一 (its five sub-heads), 五 and 六 concurrently, at most NIANBAO_MAX_CONCURRENCY requests at once."""
    facts, slots = validated(facts, previous), request_slots()
    found = {num: _passages(index, num, facts, k) for num in fmt.NARRATIVE_SECTIONS}
    with ThreadPoolExecutor(max_workers=len(fmt.NARRATIVE_SECTIONS), thread_name_prefix="draft") as pool:
        futures = {num: pool.submit(_draft_or_fallback, num, facts, found[num][0], llm, previous, fallback_offline,
                                    slots, open_errors) for num in fmt.NARRATIVE_SECTIONS}
        drafts = {num: futures[num].result() for num in fmt.NARRATIVE_SECTIONS}
    for num, draft in drafts.items():
        draft.warnings[:0] = found[num][1]
    return drafts
