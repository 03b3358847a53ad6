"""The built-in corpus: loads cleanly, names its sources, and carries the reference tables whole."""

from bot.format import source_json
from retrieval.chunk import chunk
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


# Notes written for the people who keep the corpus, never for the people who read an answer.
CURATION_PHRASES = (
    "corpus",
    "kho github",
    "bản chép trên github",
    "người biên soạn",
    "mâu thuẫn với",
    "chưa xác nhận từ nguồn thứ hai",
    "người dùng thường",
    "tài liệu này",
    "lời văn riêng",
    "chỉ một nguồn",
    "chỉ có một nguồn",
    "nguồn duy nhất",
)


def _curation_in(text: str) -> list[str]:
    lowered = text.lower()
    return [p for p in CURATION_PHRASES if p in lowered]


def test_no_body_text_or_indexed_passage_of_the_builtin_corpus_carries_curation_notes():
    documents, _ = load_corpus([BUILTIN_CORPUS])
    for d in documents:
        assert _curation_in(d.title) == [], d.path
        assert _curation_in(d.text) == [], f"{d.path}: {_curation_in(d.text)}"
        for p in chunk(d):
            found = _curation_in(p.embedding_text(d.title))
            assert found == [], f"{p.chunk_id}: {found} in {p.text[:120]!r}"


def test_curation_lives_in_metadata_and_every_document_still_names_its_sources():
    docs = {d.doc_id: d for d in load_corpus([BUILTIN_CORPUS])[0]}
    for d in docs.values():
        if d.format == "markdown":  # the closing "## Nguồn" list names every source of the front matter
            listed = d.text.split("\n## Nguồn", 1)[1]
            assert [s for s in d.sources if s not in listed] == [], d.path
    assert docs["nq71-nq-cp"].confidence and "bản chép" not in docs["nq71-nq-cp"].text
    assert "thetrungdtt/VNMasterplan" in docs["nq03-nq-cp"].notes
    assert "GitHub" not in docs["nq03-chi-tieu"].caveat and "GitHub" in docs["nq03-chi-tieu"].notes
    figures = docs["so-lieu-bao-cao"]
    column = {name: figures.columns.index(name) for name in ("Mã", "Nguồn", "Độ tin cậy", "Ghi chú biên soạn")}
    rows = {r[column["Mã"]]: r for r in figures.rows}
    assert {r[column["Nguồn"]] for r in figures.rows} <= set(figures.sources)
    assert rows["PII-2025-PT-TB1"][column["Độ tin cậy"]] == "hai nguồn ghi khác nhau"
    assert "nguồn thứ hai" in rows["PT-NV-2026-01"][column["Ghi chú biên soạn"]]


def test_a_conflict_reads_as_the_two_sources_and_its_confidence_goes_with_the_source(builtin_engine):
    answer = builtin_engine.ask("chi so PII cua phu tho tang may bac")
    shown = answer.body() + " ".join(c.passage.text for c in answer.citations)
    assert "tăng 2 bậc" in shown and "tăng 5 bậc" in shown
    assert _curation_in(shown) == []
    assert "hai nguồn ghi khác nhau" in {s.confidence for s in answer.sources}
    assert all(source_json(s)["confidence"] == s.confidence for s in answer.sources)
