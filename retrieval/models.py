"""The typed records that flow between loading, indexing, search and answering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("directive", "report", "guide", "news", "register")
ACCESS_LEVELS = ("public", "internal")
PROVENANCES = ("official", "paraphrased", "illustrative", "unspecified")
ROLES = ("citizen", "official", "admin")


@dataclass(frozen=True)
class Document:
    """One source file (or one JSONL line) with its metadata and raw text."""

    doc_id: str
    title: str
    text: str
    path: str
    format: str  # markdown | jsonl | csv | text
    kind: str | None = None
    number: str | None = None
    issuer: str | None = None
    signer: str | None = None
    date: date | None = None
    url: str | None = None
    access: str = "public"
    provenance: str = "unspecified"
    sources: tuple[str, ...] = ()
    as_of: date | None = None
    superseded_by: str | None = None
    caveat: str | None = None
    # Curation metadata, never part of the text: a short user-facing phrase on how far the facts are
    # confirmed ("một nguồn", "chưa đối chiếu bản chính thức") and free text for maintainers only.
    confidence: str | None = None
    notes: str | None = None
    # For CSV documents: the header and the rows, so registers can be read as tables.
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    part_of: str | None = None  # a table read out of another document (DOCX, PDF, HTML, Markdown): its doc_id


@dataclass(frozen=True)
class Passage:
    """A retrievable piece of a document, with the heading path that gives it context."""

    chunk_id: str
    doc_id: str
    text: str
    headings: tuple[str, ...] = ()
    access: str = "public"

    def embedding_text(self, title: str) -> str:
        """What is embedded and indexed: the title and heading path give a chunk its subject."""
        path = " › ".join(h for h in (title, *self.headings) if h)
        return f"{path}\n{self.text}" if path else self.text


@dataclass(frozen=True)
class Source:
    """A cited document, as shown under an answer."""

    doc_id: str
    title: str
    number: str | None
    date: date | None
    url: str | None
    provenance: str
    as_of: date | None = None
    superseded_by: str | None = None
    caveat: str | None = None
    confidence: str | None = None  # how far the cited facts are confirmed, as a short phrase
    part_of: str | None = None  # see Document.part_of


@dataclass(frozen=True)
class Hit:
    """A passage found by search, with its fused score and the document it belongs to."""

    passage: Passage
    document: Source
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    """A passage quoted in an answer: the number shown in brackets and what it stands on."""

    number: int
    source: Source
    passage: Passage


@dataclass(frozen=True)
class Phrasing:
    """What became of an answer sent to the language model (retrieval/llm.py): used, or why not."""

    composer: str  # "llm" when the model's text is shown, "extractive" when the guard or a failure kept ours
    reason: str | None  # why the model's text was not used: timeout, http_5xx, invented_figure … (None: used)
    seconds: float  # time spent on the model and the guard
    extractive: str  # the extractive text the model was asked to phrase

    @property
    def used(self) -> bool:
        return self.composer == "llm"


@dataclass(frozen=True)
class Answer:
    """What every face (CLI, Telegram, HTTP) renders: a status, text parts and their citations."""

    question: str
    status: str  # answered | not_found | rejected
    text: str
    citations: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    took_ms: float = 0.0
    more: tuple[str, ...] = field(default=())  # list items left out of `text`
    understood_as: str | None = None  # the standalone question answered for a follow-up (retrieval/followup.py)
    phrasing: Phrasing | None = None  # set when a language model was asked to phrase `text`
    language: str = "vi"  # the question's: "en" answers (and their headings on every face) are in English

    @property
    def composer(self) -> str:
        """ "llm" when `text` is a guarded model phrasing, "extractive" when it is quoted from the sources."""
        return self.phrasing.composer if self.phrasing else "extractive"

    def body(self) -> str:
        """The answer and its notes as plain text: what is shown, matched and returned as JSON."""
        return "\n".join((self.text, *self.notes))

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for c in self.citations:
            seen.setdefault(c.source.doc_id, c.source)
        return tuple(seen.values())


@dataclass(frozen=True)
class Watch:
    """Something a chat follows for deadline reminders: an agency (tasks it leads) or a commune (tasks
    assigned to it); retrieval/deadlines.py finds them, `Engine.watches` is the faces' way in."""

    kind: str  # "agency" | "commune"
    name: str  # canonical, as the registers write it
