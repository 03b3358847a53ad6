"""scripts/quality_report.py: the generated section of docs/quality.md, without tuning on held-out questions."""

import importlib.util
from pathlib import Path

from conftest import REPO

from retrieval.evaluate import Case, EvalReport, Failure
from retrieval.models import Answer

spec = importlib.util.spec_from_file_location("quality_report", REPO / "scripts" / "quality_report.py")
quality_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(quality_report)


def _report(category: str, failing_question: str) -> EvalReport:
    cases = (
        Case(1, "đạt", expect_not_found=True, category=category),
        Case(2, failing_question, (("x",),), category=category),
    )
    return EvalReport(2, (Failure(cases[1], Answer(failing_question, "not_found", ""), "expected an answer"),), cases)


def _reports() -> dict[str, EvalReport]:
    return {
        "dev-tune.jsonl": _report("prose", "câu tinh chỉnh trượt"),
        "dev-heldout.jsonl": _report("prose", "câu giữ lại trượt"),
        "users-tune.jsonl": _report("chat", "cau chat truot"),
        "users-heldout.jsonl": _report("english", "held-out question that fails"),
    }


def test_the_section_gives_rates_per_set_and_category_and_lists_only_tuning_failures():
    section = quality_report.render(_reports(), took=1.0)
    assert "| `dev-heldout.jsonl` | held-out | 1/2 (50.0%) |" in section
    assert "| english |  |  |  | 1/2 (50.0%) |" in section
    assert "câu tinh chỉnh trượt" in section and "cau chat truot" in section
    assert "câu giữ lại trượt" not in section and "held-out question that fails" not in section


def test_writing_replaces_only_the_generated_section(tmp_path: Path):
    out = tmp_path / "quality.md"
    out.write_text(
        f"# Q\n\nProse kept.\n\n{quality_report.BEGIN}\nold figures\n{quality_report.END}\n\nAfter.\n", "utf-8"
    )
    quality_report.write(quality_report.render(_reports(), took=1.0), out)
    text = out.read_text("utf-8")
    assert text.startswith("# Q\n\nProse kept.\n\n") and text.endswith("\n\nAfter.\n")
    assert "old figures" not in text and text.count(quality_report.BEGIN) == 1
