"""Loading corpus files: every format, defaults, sidecars, and bad files reported but not fatal."""

from datetime import date

from conftest import write

from retrieval.load import load_corpus


def by_id(docs):
    return {d.doc_id: d for d in docs}


def test_markdown_front_matter_fills_every_field(mini_corpus):
    docs, problems = load_corpus([mini_corpus])
    assert problems == []
    d = by_id(docs)["nq-thu"]
    assert d.title == "Nghị quyết thử nghiệm về chuyển đổi số"
    assert (d.kind, d.number, d.issuer) == ("directive", "99-NQ/TW", "Bộ Chính trị")
    assert d.date == date(2025, 1, 15) and d.as_of == date(2025, 6, 30)
    assert d.provenance == "illustrative" and d.sources == ("https://example.org/nq99",)
    assert d.confidence == "một nguồn" and "GHI-CHÚ-BIÊN-SOẠN-17" in d.notes
    assert "GHI-CHÚ-BIÊN-SOẠN-17" not in d.text  # maintainers' notes are metadata, not text


def test_confidence_and_notes_come_from_jsonl_lines_and_sidecars_too(tmp_path):
    write(
        tmp_path / "tin.jsonl",
        '{"id": "tin-1", "text": "Tỉnh A hoàn thành 10 nhiệm vụ.", "confidence": "một nguồn",'
        ' "notes": ["Chưa có nguồn thứ hai.", "Hỏi lại Sở."]}\n',
    )
    write(tmp_path / "bang.csv", "Chỉ số,Phạm vi,Giá trị\nSố xã,Tỉnh A,12\n")
    write(tmp_path / "bang.csv.meta.yaml", "id: bang\nconfidence: hai nguồn\nnotes: Đếm lại năm sau.\n")
    docs, problems = load_corpus([tmp_path])
    assert problems == []
    line, table = by_id(docs)["tin-1"], by_id(docs)["bang"]
    assert (line.confidence, line.notes) == ("một nguồn", "Chưa có nguồn thứ hai.\nHỏi lại Sở.")
    assert (table.confidence, table.notes) == ("hai nguồn", "Đếm lại năm sau.")
    assert "nguồn thứ hai" not in line.text


def test_file_without_front_matter_gets_path_id_and_heading_title(mini_corpus):
    d = by_id(load_corpus([mini_corpus])[0])["guides/dinh-danh.md"]
    assert d.title == "Hướng dẫn đăng ký tài khoản định danh điện tử"
    assert (d.access, d.provenance) == ("public", "unspecified")


def test_readme_is_not_corpus(mini_corpus):
    assert "README.md" not in by_id(load_corpus([mini_corpus])[0])


def test_each_jsonl_line_is_a_document_keyed_by_its_id(mini_corpus):
    docs = by_id(load_corpus([mini_corpus])[0])
    assert docs["luat-a|2"].title == "Luật A, Điều 2"
    assert "phương án chữa cháy" in docs["luat-a|2"].text


def test_csv_takes_document_fields_from_its_sidecar(mini_corpus):
    d = by_id(load_corpus([mini_corpus])[0])["so-nhiem-vu"]
    assert d.title == "Sổ nhiệm vụ thử nghiệm" and d.provenance == "illustrative"
    assert d.columns[:3] == ("Mã", "Tên nhiệm vụ", "Cơ quan chủ trì")
    assert len(d.rows) == 2


def test_malformed_files_are_reported_with_file_and_line_and_the_rest_loads(tmp_path, mini_corpus):
    write(mini_corpus / "bad-yaml.md", "---\ntitle: [unclosed\n---\n# X\n\ntext\n")
    write(mini_corpus / "bad-access.md", "---\naccess: secret\n---\n# X\n\ntext\n")
    write(mini_corpus / "bad.jsonl", '{"id": "ok", "text": "Một dòng tốt."}\n{not json}\n{"id": "x"}\n')
    write(mini_corpus / "bad.csv", "A,B\n1,2\n1,2,3\n")
    (mini_corpus / "latin1.txt").write_bytes("Nghị".encode("utf-16"))
    docs, problems = load_corpus([mini_corpus])
    where = {(p.path, p.line) for p in problems}
    assert ("bad-yaml.md", 2) in where
    assert ("bad.jsonl", 2) in where and ("bad.jsonl", 3) in where
    assert ("bad.csv", 3) in where
    assert any(p.path == "bad-access.md" and "access must be one of" in p.message for p in problems)
    assert any(p.path == "latin1.txt" and "UTF-8" in p.message for p in problems)
    ids = by_id(docs)
    assert "ok" in ids and "nq-thu" in ids and "bad-access.md" not in ids
    assert len(ids["bad.csv"].rows) == 1


def test_duplicate_ids_keep_the_first_and_report_the_second(mini_corpus):
    write(mini_corpus / "zz-copy.md", "---\nid: nq-thu\n---\n# Copy\n\ntext\n")
    docs, problems = load_corpus([mini_corpus])
    assert by_id(docs)["nq-thu"].path == "directives/nq-thu.md"
    assert any("already used" in p.message for p in problems)
