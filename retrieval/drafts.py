"""Streamed drafts: where a face wants the guarded beginnings of a model's answer while it is written.

A face (Telegram) that edits its message as the answer grows wraps the question in `drafts_to(show)`;
the composer (retrieval/llm.py) then calls `show(text)` with each longer beginning of the streamed
reply that ends at a citation label and passes the figure guard on its own. Nothing the guard has not
passed is ever given, and the face's final edit is the answer `Engine.ask` returns — the model's whole
text if the guard passed all of it, else the extractive answer. A context variable, so it crosses
`asyncio.to_thread` into the worker that answers, and nothing in between has to pass it along.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SHOW: ContextVar[Callable[[str], None] | None] = ContextVar("govqa_drafts", default=None)


@contextmanager
def drafts_to(show: Callable[[str], None]) -> Iterator[None]:
    """Within the block, guarded beginnings of a streamed answer go to `show` (called from any thread)."""
    token = _SHOW.set(show)
    try:
        yield
    finally:
        _SHOW.reset(token)


def current() -> Callable[[str], None] | None:
    """Where drafts go in this context, if anywhere."""
    return _SHOW.get()
