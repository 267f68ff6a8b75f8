"""The chat model as the app uses it: status line, client, Chinese errors scrubbed of the API key."""
from __future__ import annotations

from typing import Any

from report.errors import NianbaoError
from settings import Settings


class DraftingError(NianbaoError):
    """Drafting or revising failed; the message is Chinese and never contains the API key."""


def model_status(settings: Settings) -> tuple[bool, str]:
    """(configured, one Chinese line): endpoint and model, or 离线模式 with how to configure one. Never the key."""
    from chains.model import model_status as status

    return settings.llm_configured, _scrub(status(settings), settings)


def chat_model(settings: Settings) -> Any:
    """The chat model, or None offline (tests replace this function with a fake)."""
    if not settings.llm_configured:
        return None
    from chains.model import get_chat_model
    return get_chat_model(settings)


def _scrub(text: str, settings: Settings) -> str:
    """Remove the API key from any text that may be shown."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    return text.replace(key, "***") if key else text


def model_error(exc: BaseException, settings: Settings) -> DraftingError:
    """A Chinese error for a failed model call (scrubbed of the key)."""
    from chains.model import translate_error

    err = translate_error(exc, settings=settings)
    if err is None:
        text = str(exc) if isinstance(exc, NianbaoError) else f"{type(exc).__name__}: {exc}"
        return DraftingError(_scrub(f"模型调用失败：{text[:300]}", settings))
    return DraftingError(_scrub(str(err), settings))


def is_model_error(exc: BaseException) -> bool:
    """True for a failed model call or an unexpected error (as opposed to a request refused in Chinese)."""
    from chains.model import ModelError

    return isinstance(exc, ModelError) or not isinstance(exc, NianbaoError)
