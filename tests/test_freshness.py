"""How recent the data is, asked as users ask it: each table's own "as of" date from its metadata or its newest
row, cited; a task whose name holds "cập nhật" is still a task. Expected dates are read from the corpus."""

import csv
from datetime import date

import pytest
import yaml
from conftest import REPO

TODAY = date(2026, 2, 10)
CORPUS = REPO / "corpus"


def meta(path: str) -> dict:
    return yaml.safe_load((CORPUS / f"{path}.meta.yaml").read_text(encoding="utf-8"))


def newest_figure_date() -> date:
    with open(CORPUS / "indicators" / "so-lieu-bao-cao.csv", encoding="utf-8") as f:
        return max(date.fromisoformat(r["Tính đến"]) for r in csv.DictReader(f) if r["Tính đến"])


@pytest.mark.parametrize(
    "question",
    ["danh mục nhiệm vụ của xã đã cập nhật trạng thái mới chưa", "sổ theo dõi nhiệm vụ cấp xã cập nhật đến ngày nào"],
)
def test_the_commune_registers_as_of_date_answers_when_it_was_updated(builtin_engine, question):
    register = meta("registers/phu-tho-xa-phuong.csv")
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text == f"{register['title']}: cập nhật đến {register['as_of']:%d/%m/%Y} [1]."
    assert answer.citations[0].source.doc_id == register["id"]


def test_every_table_says_how_recent_it_is_when_no_one_is_named(builtin_engine):
    answer = builtin_engine.ask("dữ liệu cập nhật đến ngày nào", role="official", today=TODAY)
    assert f"số liệu mới nhất tính đến {newest_figure_date():%d/%m/%Y}" in answer.text
    appendix = meta("registers/nq03-nhiem-vu.csv")
    assert f"{appendix['title']}: theo văn bản ban hành ngày {appendix['date']:%d/%m/%Y}" in answer.text
    # every date said is in a cited passage or the cited source's own dates
    english = builtin_engine.ask("how up to date is the data", role="official", today=TODAY)
    assert english.text.startswith("The ") and "updated to 31 January 2026" in english.text


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("nhiệm vụ cập nhật tiến độ trên hệ thống giám sát của phường việt trì xong chưa", "PT-VTRI-01"),
        # the data a commune's task is about, "updated yet": that task's status, not the register's date
        ("dữ liệu thân nhân liệt sĩ của xã Tam Đảo cập nhật chưa", "PT-TDAO-01"),
    ],
)
def test_a_task_named_for_updating_or_about_data_is_still_a_task(builtin_engine, question, code):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert any(code in c.passage.text for c in answer.citations) and "cập nhật đến" not in answer.text
