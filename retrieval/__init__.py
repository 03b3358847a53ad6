"""govqa's engine, with no knowledge of Telegram or HTTP.

The answer path reads top-down: `engine.Engine.ask(question, role)` → `answer.ask_index`: reject →
`query.read_query` (the question, read once) → `scope.gaps` (what the data does not cover) →
`exact.answer_exact` (registers) or `search.search` (hybrid retrieval) → `answer.compose` (`wording`, `vi`).
Start with `Engine(Settings.from_env())`.

The names below are the public surface: the faces (bot/), the README and scripts import them from
`retrieval` itself (`from retrieval import Engine, Settings`). Each is loaded on first use, so
`from retrieval import Settings` does not import the search libraries (the command line starts fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {  # name → the module that defines it
    "Engine": "engine",
    "BUILTIN_CORPUS": "config",
    "ConfigError": "config",
    "Settings": "config",
    "ROLES": "models",
    "Answer": "models",
    "Citation": "models",
    "Hit": "models",
    "Passage": "models",
    "Phrasing": "models",
    "Source": "models",
    "EXAMPLE_QUESTIONS": "answer",
    "MAX_QUESTION_CHARS": "answer",
    "Query": "query",
    "read_query": "query",
    "BuildReport": "index",
    "IndexNotFound": "index",
    "build_index": "index",
    "per_document": "search",
    "is_dialogue_file": "evaluate",
    "drafts_to": "drafts",
    "run_dialogues": "evaluate",
    "run_eval": "evaluate",
    "check_server": "store",
    "GovqaRetriever": "langchain",
    "Context": "followup",
    "after_reset": "followup",
    "is_reset": "followup",
    "DueTask": "deadlines",
    "Watch": "models",
    "MAX_UPLOAD_BYTES": "upload",
    "UploadRejected": "upload",
    "inspect_upload": "upload",
    "store_upload": "upload",
    "EmbeddingsUnavailable": "embed",
    "StoreUnavailable": "store",
    "FolderError": "folders",
    "private_file": "files",
    "fold": "text",
    "folded": "question",
    "percent": "vi",
    "thousands": "vi",
    "vn_date": "vi",
    "vn_day_month": "vi",
    "vn_decimal": "vi",
}
__all__ = [  # kept sorted by ruff (RUF022); tests/test_public_surface.py checks it against _WHERE
    "BUILTIN_CORPUS",
    "EXAMPLE_QUESTIONS",
    "MAX_QUESTION_CHARS",
    "MAX_UPLOAD_BYTES",
    "ROLES",
    "Answer",
    "BuildReport",
    "Citation",
    "ConfigError",
    "Context",
    "DueTask",
    "EmbeddingsUnavailable",
    "Engine",
    "FolderError",
    "GovqaRetriever",
    "Hit",
    "IndexNotFound",
    "Passage",
    "Phrasing",
    "Query",
    "Settings",
    "Source",
    "StoreUnavailable",
    "UploadRejected",
    "Watch",
    "after_reset",
    "build_index",
    "check_server",
    "drafts_to",
    "fold",
    "folded",
    "inspect_upload",
    "is_dialogue_file",
    "is_reset",
    "per_document",
    "percent",
    "private_file",
    "read_query",
    "run_dialogues",
    "run_eval",
    "store_upload",
    "thousands",
    "vn_date",
    "vn_day_month",
    "vn_decimal",
]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    from .answer import EXAMPLE_QUESTIONS, MAX_QUESTION_CHARS
    from .config import BUILTIN_CORPUS, ConfigError, Settings
    from .deadlines import DueTask
    from .drafts import drafts_to
    from .embed import EmbeddingsUnavailable
    from .engine import Engine
    from .evaluate import is_dialogue_file, run_dialogues, run_eval
    from .files import private_file
    from .folders import FolderError
    from .followup import Context, after_reset, is_reset
    from .index import BuildReport, IndexNotFound, build_index
    from .langchain import GovqaRetriever
    from .models import ROLES, Answer, Citation, Hit, Passage, Phrasing, Source, Watch
    from .query import Query, read_query
    from .question import folded
    from .search import per_document
    from .store import StoreUnavailable, check_server
    from .text import fold
    from .upload import MAX_UPLOAD_BYTES, UploadRejected, inspect_upload, store_upload
    from .vi import percent, thousands, vn_date, vn_day_month, vn_decimal
