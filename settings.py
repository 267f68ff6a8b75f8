"""One typed settings object read from the environment (and a .env file)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent
PROMPTS_DIR = PROJECT_ROOT / "prompts"
BUNDLED_CORPUS_DIR = PROJECT_ROOT / "corpus"


class Settings(BaseSettings):
    """Everything configurable: data folder, corpus, model endpoint, embeddings, Chroma server."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(Path("data"), validation_alias="NIANBAO_DATA_DIR")
    corpus_dir: Path = Field(BUNDLED_CORPUS_DIR, validation_alias="NIANBAO_CORPUS_DIR")
    openai_base_url: Optional[str] = Field(None, validation_alias="OPENAI_BASE_URL")
    openai_api_key: Optional[SecretStr] = Field(None, validation_alias="OPENAI_API_KEY")
    model: Optional[str] = Field(None, validation_alias=AliasChoices("NIANBAO_MODEL", "OPENAI_MODEL"))
    temperature: float = Field(0.3, validation_alias="NIANBAO_TEMPERATURE")
    timeout: float = Field(60.0, validation_alias="NIANBAO_TIMEOUT")
    max_retries: int = Field(2, validation_alias="NIANBAO_MAX_RETRIES")
    max_tokens: int = Field(1500, validation_alias="NIANBAO_MAX_TOKENS")
    max_concurrency: int = Field(7, ge=1, validation_alias="NIANBAO_MAX_CONCURRENCY")  # model requests in flight
    embedding_model: Optional[str] = Field(None, validation_alias="NIANBAO_EMBEDDING_MODEL")
    chroma_host: Optional[str] = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")
    # The app has no sign-in: it serves only this machine unless this is set (NIANBAO_ALLOW_NETWORK=1).
    allow_network: bool = Field(False, validation_alias="NIANBAO_ALLOW_NETWORK")

    @property
    def llm_configured(self) -> bool:
        """True when a model endpoint is configured (otherwise the offline drafter is used)."""
        return bool(self.model and (self.openai_base_url or self.openai_api_key))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests call get_settings.cache_clear() after changing the environment)."""
    return Settings()
