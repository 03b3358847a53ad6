"""A LangChain retriever over govqa's hybrid search, for operators who build their own chains."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .engine import Engine


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
