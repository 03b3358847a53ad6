"""LangChain pieces for operators who build their own chains: a retriever over govqa's hybrid search,
and a grounded chain on it whose answer has passed govqa's figure guard (retrieval/guard.py)."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import ConfigDict

from . import guard
from .engine import Engine
from .llm import MAX_BLOCKS, PROMPT, prompt_inputs


class GovqaRetriever(BaseRetriever):
    """`GovqaRetriever(engine=Engine(Settings.from_env()), role="citizen", k=5).invoke("câu hỏi")`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    engine: Engine
    role: str = "citizen"
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [
            LCDocument(
                page_content=hit.passage.text,
                metadata={
                    "doc_id": hit.document.doc_id,
                    "chunk_id": hit.passage.chunk_id,
                    "title": hit.document.title,
                    "number": hit.document.number,
                    "date": hit.document.date.isoformat() if hit.document.date else None,
                    "url": hit.document.url,
                    "provenance": hit.document.provenance,
                    "confidence": hit.document.confidence,
                    "headings": list(hit.passage.headings),
                    "score": hit.score,
                },
            )
            for hit in self.engine.search(query, role=self.role, k=self.k)
        ]


def grounded_chain(retriever: BaseRetriever, llm: BaseChatModel) -> Runnable:
    """question → retrieved passages as numbered blocks → govqa's grounded prompt → `llm` → guarded answer.

    `grounded_chain(GovqaRetriever(engine=engine), ChatOpenAI(base_url=…, model=…)).invoke("câu hỏi")`
    gives {"answer": text or None, "reason": None or why the guard refused it, "blocks": [guard.Block]}:
    show "answer" only when it is not None. (govqa's own faces phrase the extractive answer instead:
    retrieval/llm.py.)
    """
    phrase = PROMPT | llm | StrOutputParser()

    def run(question: str) -> dict:
        blocks = documents_as_blocks(retriever.invoke(question))
        if not blocks:
            return {"answer": None, "reason": "no_evidence", "blocks": []}
        text = phrase.invoke(prompt_inputs(question, blocks, "(không có)"))
        verdict = guard.check(text, blocks)
        return {"answer": text.strip() if verdict.ok else None, "reason": verdict.reason, "blocks": blocks}

    return RunnableLambda(run, name="govqa_grounded_chain")


def documents_as_blocks(documents: list[LCDocument]) -> list[guard.Block]:
    """Retrieved documents as numbered evidence blocks, one per source document, at most MAX_BLOCKS."""
    by_doc: dict[str, list[LCDocument]] = {}
    for d in documents:
        key = d.metadata.get("doc_id") or d.metadata.get("title") or str(len(by_doc))
        if key in by_doc or len(by_doc) < MAX_BLOCKS:
            by_doc.setdefault(key, []).append(d)
    return [
        guard.Block(
            n,
            str(docs[0].metadata.get("title") or ""),
            docs[0].metadata.get("number"),
            " … ".join(" ".join(d.page_content.split()) for d in docs),
        )
        for n, docs in enumerate(by_doc.values(), start=1)
    ]
