"""The built-in corpus: loads cleanly, names its sources, and carries the reference tables whole."""

from retrieval.config import BUILTIN_CORPUS
from retrieval.load import load_corpus
from retrieval.registers import classify


def test_builtin_corpus_loads_without_problems_and_every_document_names_its_sources():
    documents, problems = load_corpus([BUILTIN_CORPUS])
    assert problems == []
    assert len(documents) >= 18
    for d in documents:
        assert d.sources, f"{d.path} names no sources"
        assert d.provenance in ("paraphrased", "illustrative"), d.path


def test_the_reference_tables_are_complete():
    docs = {d.doc_id: d for d in load_corpus([BUILTIN_CORPUS])[0]}
    tasks, targets = docs["nq03-nhiem-vu"], docs["nq03-chi-tieu"]
    assert len(tasks.rows) == 140 and classify(tasks.columns)[0] == "tasks"
    assert [r[0] for r in tasks.rows] == [f"NQ03-{n:03d}" for n in range(1, 141)]
    status = tasks.columns.index("Tình trạng")
    assert all(r[status] == "" for r in tasks.rows)  # the source records no status: none is invented
    codes = [r[0] for r in targets.rows]
    assert [c for c in codes if "." not in c] == [str(n) for n in range(1, 42)]
    assert [c for c in codes if c.startswith("11.")] == [f"11.{n}" for n in range(1, 13)]
    assert [c for c in codes if c.startswith("23.")] == [f"23.{n}" for n in range(1, 5)]
    assert tasks.superseded_by == "71/NQ-CP" and tasks.caveat


def test_illustrative_and_internal_data_are_labelled():
    docs = {d.doc_id: d for d in load_corpus([BUILTIN_CORPUS])[0]}
    assert docs["phu-tho-xa-phuong"].provenance == "illustrative"
    note = docs["bcd-phu-tho-noi-bo"]
    assert note.access == "internal" and note.provenance == "illustrative"
    assert "MẬT-MINH-HỌA-7731" in note.text


def test_the_builtin_internal_note_reaches_officials_only(builtin_engine):
    question = "Ghi chú làm việc nội bộ của Tổ giúp việc Ban Chỉ đạo tỉnh Phú Thọ MẬT-MINH-HỌA-7731"
    citizen = builtin_engine.ask(question)
    shown = citizen.body() + " ".join(citizen.suggestions) + " ".join(c.passage.text for c in citizen.citations)
    assert "MẬT-MINH-HỌA-7731" not in shown
    assert all(s.doc_id != "bcd-phu-tho-noi-bo" for s in citizen.sources)
    official = builtin_engine.ask(question, role="official")
    assert any(s.doc_id == "bcd-phu-tho-noi-bo" for s in official.sources)
