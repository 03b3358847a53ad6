"""Operators can plug govqa's retrieval into LangChain chains."""

from langchain_core.retrievers import BaseRetriever

from retrieval.langchain import GovqaRetriever


def test_retriever_returns_passages_with_their_citation_metadata(mini_engine):
    retriever = GovqaRetriever(engine=mini_engine, k=2)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("phương án chữa cháy rừng")
    assert 1 <= len(docs) <= 2
    assert "chữa cháy rừng" in docs[0].page_content
    assert docs[0].metadata["doc_id"] == "luat-a|2" and docs[0].metadata["title"] == "Luật A, Điều 2"


def test_retriever_respects_the_role(mini_engine):
    citizen = GovqaRetriever(engine=mini_engine).invoke("NỘI-BỘ-4242 điều chuyển cán bộ")
    official = GovqaRetriever(engine=mini_engine, role="official").invoke("NỘI-BỘ-4242 điều chuyển cán bộ")
    assert all(d.metadata["doc_id"] != "ghi-chu-mat" for d in citizen)
    assert official[0].metadata["doc_id"] == "ghi-chu-mat"
