"""The question sets of tests/eval/ run through the real answer path (hybrid search).

The tuning part of the dev set must pass at 95%. The held-out sets (dev-heldout, users-heldout) and the
users' tuning set are asserted at the pass rate measured when they were written, minus a small margin: a
ratchet the lead raises as answers improve (tests/eval/README.md; figures in docs/quality.md).
"""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO

from retrieval.evaluate import (
    Case,
    EvalReport,
    Failure,
    Turn,
    check,
    check_turn,
    read_cases,
    read_dialogues,
    run_dialogues,
)
from retrieval.models import Answer, Citation, Passage, Source

EVAL = REPO / "tests" / "eval"
DEV_TUNE, DEV_HELDOUT = EVAL / "dev-tune.jsonl", EVAL / "dev-heldout.jsonl"
USERS_TUNE, USERS_HELDOUT = EVAL / "users-tune.jsonl", EVAL / "users-heldout.jsonl"
# Written from the users' side without looking at govqa's answers (tests/eval/README.md).
USERS2_TUNE, USERS2_HELDOUT = EVAL / "users2-tune.jsonl", EVAL / "users2-heldout.jsonl"
# The third batch by an outside writer (users3-*, dialogues3-*), never run before it was committed.
USERS3_TUNE, USERS3_HELDOUT = EVAL / "users3-tune.jsonl", EVAL / "users3-heldout.jsonl"
# The fourth outside batch (users4-*, dialogues4-*), session 5: run once on arrival, then only its tuning half read.
USERS4_TUNE, USERS4_HELDOUT = EVAL / "users4-tune.jsonl", EVAL / "users4-heldout.jsonl"
# The fifth outside batch (users5-*, dialogues5-*), session 6, the same way.
USERS5_TUNE, USERS5_HELDOUT = EVAL / "users5-tune.jsonl", EVAL / "users5-heldout.jsonl"
# The sixth outside batch (users6-*, dialogues6-*), session 7, the same way.
USERS6_TUNE, USERS6_HELDOUT = EVAL / "users6-tune.jsonl", EVAL / "users6-heldout.jsonl"
# The seventh outside batch (users7-*, dialogues7-*), session 8, the same way.
USERS7_TUNE, USERS7_HELDOUT = EVAL / "users7-tune.jsonl", EVAL / "users7-heldout.jsonl"
# The eighth outside batch (users8-*, dialogues8-*), session 10, the same way.
USERS8_TUNE, USERS8_HELDOUT = EVAL / "users8-tune.jsonl", EVAL / "users8-heldout.jsonl"
# The ninth (users9-*, dialogues9-*), session 10: written blind first (personas and the fact sheet's topics, no
# corpus), then checked against corpus/ — a question the corpus cannot answer stays, as a not-found.
USERS9_TUNE, USERS9_HELDOUT = EVAL / "users9-tune.jsonl", EVAL / "users9-heldout.jsonl"
# The tenth (users10-*, dialogues10-*), session 11, written blind first the same way.
USERS10_TUNE, USERS10_HELDOUT = EVAL / "users10-tune.jsonl", EVAL / "users10-heldout.jsonl"
# The eleventh (users11-*, dialogues12-*), session 12, written blind first the same way.
USERS11_TUNE, USERS11_HELDOUT = EVAL / "users11-tune.jsonl", EVAL / "users11-heldout.jsonl"
USER_SETS = (
    USERS_TUNE,
    USERS_HELDOUT,
    USERS2_TUNE,
    USERS2_HELDOUT,
    USERS3_TUNE,
    USERS3_HELDOUT,
    USERS4_TUNE,
    USERS4_HELDOUT,
    USERS5_TUNE,
    USERS5_HELDOUT,
    USERS6_TUNE,
    USERS6_HELDOUT,
    USERS7_TUNE,
    USERS7_HELDOUT,
    USERS8_TUNE,
    USERS8_HELDOUT,
    USERS9_TUNE,
    USERS9_HELDOUT,
    USERS10_TUNE,
    USERS10_HELDOUT,
    USERS11_TUNE,
    USERS11_HELDOUT,
)
DIALOGUES = (EVAL / "dialogues-tune.jsonl", EVAL / "dialogues-heldout.jsonl")
DIALOGUES2 = (EVAL / "dialogues2-tune.jsonl", EVAL / "dialogues2-heldout.jsonl")
DIALOGUES3 = (EVAL / "dialogues3-tune.jsonl", EVAL / "dialogues3-heldout.jsonl")
DIALOGUES4 = (EVAL / "dialogues4-tune.jsonl", EVAL / "dialogues4-heldout.jsonl")
DIALOGUES5 = (EVAL / "dialogues5-tune.jsonl", EVAL / "dialogues5-heldout.jsonl")
DIALOGUES6 = (EVAL / "dialogues6-tune.jsonl", EVAL / "dialogues6-heldout.jsonl")
DIALOGUES7 = (EVAL / "dialogues7-tune.jsonl", EVAL / "dialogues7-heldout.jsonl")
DIALOGUES8 = (EVAL / "dialogues8-tune.jsonl", EVAL / "dialogues8-heldout.jsonl")
DIALOGUES9 = (EVAL / "dialogues9-tune.jsonl", EVAL / "dialogues9-heldout.jsonl")
DIALOGUES10 = (EVAL / "dialogues10-tune.jsonl", EVAL / "dialogues10-heldout.jsonl")
# The eleventh: dialogues only, session 11, written blind first by another writer
DIALOGUES11 = (EVAL / "dialogues11-tune.jsonl", EVAL / "dialogues11-heldout.jsonl")
DIALOGUES12 = (EVAL / "dialogues12-tune.jsonl", EVAL / "dialogues12-heldout.jsonl")
HELD_OUT_DIALOGUES = tuple(
    d[1]
    for d in (
        DIALOGUES,
        DIALOGUES2,
        DIALOGUES3,
        DIALOGUES4,
        DIALOGUES5,
        DIALOGUES6,
        DIALOGUES7,
        DIALOGUES8,
        DIALOGUES9,
        DIALOGUES10,
        DIALOGUES11,
        DIALOGUES12,
    )
)
TODAY = date(2026, 2, 10)
USER_CATEGORIES = {"chat", "commune", "official", "english", "scope", "offtopic", "yesno"}

# Measured 2026-12-01 on main after the session-5 merges (docs/quality.md), dense engine, --today 2026-02-10:
# dev-heldout 103/108, users-tune 849/870, users-heldout 126/137, users2-tune 110/110, users2-heldout 136/150,
# users3-tune 60/60, users3-heldout 145/160, users4-tune 58/59, users4-heldout 134/156 (133/160 when it arrived,
# before any change of the session); asserted about 0.03 below (one or two borderline answers differ between
# runs). Raise these, never lower them.
RATCHET = {
    DEV_HELDOUT: 0.93,
    USERS_TUNE: 0.97,
    USERS_HELDOUT: 0.93,  # 128/137 at the end of session 12
    USERS2_TUNE: 0.97,
    USERS2_HELDOUT: 0.94,  # 141/150 at the end of session 12
    USERS3_TUNE: 0.96,
    USERS3_HELDOUT: 0.9,
    USERS4_TUNE: 0.95,
    USERS4_HELDOUT: 0.87,
    # users5-* arrived in session 6: tune 56/61, held-out 137/159, run once on main before any change for them;
    # after the session's merges tune 61/61, held-out 141/159. Session 6's merges also measured users3-heldout
    # 149/160 and users4-heldout 138/156 (raised here), users-heldout 125/137, users2-heldout 137/150.
    USERS5_TUNE: 0.95,
    USERS5_HELDOUT: 0.88,
    # users6-* arrived in session 7: tune 58/63, held-out 151/167, run once on main before any change for them.
    # Session 7's merges, measured with the stricter yes/no matching (a verdict word must open the answer):
    # users-tune 1442/1465, users-heldout 127/137, users2-heldout 138/150, users3-heldout 147/160, users4-heldout
    # 141/156, users5-heldout 144/159, users6-tune 61/63, users6-heldout 153/167, dev-heldout 102/108 (raised here);
    # after the second round: users-tune 1504/1530, users5-heldout 145/159, users6-tune 63/63, users6-heldout 155/167.
    USERS6_TUNE: 0.95,
    USERS6_HELDOUT: 0.95,  # 159/167 at the end of session 12
    # users7-* arrived in session 8: tune 53/63, held-out 148/167, run once at 2916491 before any change for them.
    # After session 8's merges: users-tune 1686/1711 (raised here), users7-tune 60/63, users7-heldout 150/167,
    # users2-heldout 139/150, users3 149/160, users4 140/156, users5 146/159, users6 156/167, dev-heldout 102/108.
    USERS7_TUNE: 0.9,
    USERS7_HELDOUT: 0.87,
    # users8-* arrived in session 10 (231 written, 18 that repeated other sets' questions word for word dropped):
    # tune 58/63, held-out 144/150, run once at 554c1e5 before any change for them; after the session's first
    # fixes tune 62/63, held-out 144/150.
    USERS8_TUNE: 0.95,
    USERS8_HELDOUT: 0.93,
    # users9-* arrived in session 10 (211 written, 5 repeats dropped, 8 per category to tune): tune 43/56,
    # held-out 119/150, run once at b0e0d36 before any change for them.
    # After session 11: tune 49/56, held-out 121/150 (raised here).
    USERS9_TUNE: 0.85,
    USERS9_HELDOUT: 0.81,  # 122/150 at the end of session 12
    # users10-* arrived in session 11 (260 written blind first, 17 repeats dropped, 9 per category to tune): tune
    # 48/63, held-out 128/180 (71 %), run once at 5b7fd27 before any change for them; tune 51/63 after the first fixes.
    USERS10_TUNE: 0.92,  # 58/63 at the end of session 12
    USERS10_HELDOUT: 0.73,  # 132/180 at the end of session 12
    # users11-* arrived in session 12 (260 written blind first, 1 dropped by the writer, 11 repeats of other sets
    # dropped, 9 per category to tune, seed 12): tune 41/63, held-out 121/185 (65 %), run once at 6e0cf52 before
    # any change for them.
    USERS11_TUNE: 0.76,  # 48/63 at the end of session 12
    USERS11_HELDOUT: 0.65,  # 122/185 at the end of session 12
}


def test_the_dev_set_is_split_into_a_tuning_and_a_held_out_part_with_no_question_in_both():
    tune, held = read_cases(DEV_TUNE), read_cases(DEV_HELDOUT)
    assert len(tune) + len(held) == 362
    assert 0.25 <= len(held) / (len(tune) + len(held)) <= 0.35
    assert not {(c.question, c.role) for c in tune} & {(c.question, c.role) for c in held}
    for cases in (tune, held):
        assert sum(c.expect_not_found for c in cases) >= 5
        assert all(c.category for c in cases)


@pytest.mark.parametrize(
    ("path", "at_least", "per_category"),
    [
        (USERS_TUNE, 100, 8),
        (USERS_HELDOUT, 110, 8),
        (USERS2_TUNE, 100, 8),
        (USERS2_HELDOUT, 140, 12),
        (USERS3_TUNE, 60, 6),
        (USERS3_HELDOUT, 160, 12),
        (USERS4_TUNE, 59, 6),
        (USERS4_HELDOUT, 156, 12),
        (USERS5_TUNE, 61, 8),
        (USERS5_HELDOUT, 159, 21),
        (USERS6_TUNE, 63, 9),
        (USERS6_HELDOUT, 167, 23),
        (USERS7_TUNE, 63, 9),
        (USERS7_HELDOUT, 167, 23),
        (USERS8_TUNE, 63, 9),
        (USERS8_HELDOUT, 150, 17),
        (USERS9_TUNE, 56, 8),
        (USERS9_HELDOUT, 150, 18),
        (USERS10_TUNE, 63, 9),
        (USERS10_HELDOUT, 180, 22),
        (USERS11_TUNE, 63, 9),
        (USERS11_HELDOUT, 185, 21),
    ],
    ids=lambda v: v.stem if isinstance(v, Path) else str(v),
)
def test_user_sets_are_large_and_cover_every_category(path: Path, at_least: int, per_category: int):
    cases = read_cases(path)
    assert len(cases) >= at_least
    counts = {c: sum(case.category == c for case in cases) for c in USER_CATEGORIES}
    assert all(n >= per_category for n in counts.values()), counts
    assert {case.category for case in cases} == USER_CATEGORIES


def test_user_sets_share_no_question_with_each_other_or_the_dev_set():
    questions = {p: {c.question.lower() for c in read_cases(p)} for p in USER_SETS}
    dev = {c.question.lower() for p in (DEV_TUNE, DEV_HELDOUT) for c in read_cases(p)}
    for path, own in questions.items():
        assert len(own) == len(read_cases(path)), f"{path.name} repeats a question"
        # Only the shared questions are shown: a held-out set is never printed whole.
        shared = {other.name: own & theirs for other, theirs in questions.items() if other != path and own & theirs}
        assert not shared, f"{path.name} shares questions: {shared}"
        assert not own & dev, f"{path.name} shares questions with the dev set: {own & dev}"


def _failures(report: EvalReport) -> str:
    return "\n".join(f"{f.case.line} [{f.case.category}]: {f.case.question} — {f.reason}" for f in report.failures)


def test_the_tuning_part_of_the_dev_set_passes_at_95_percent(dense_eval):
    report = dense_eval(DEV_TUNE)
    assert report.pass_rate >= 0.95, _failures(report)


@pytest.mark.parametrize("path", list(RATCHET), ids=lambda p: p.stem)
def test_held_out_and_user_sets_do_not_fall_below_their_measured_pass_rate(dense_eval, path: Path):
    report = dense_eval(path)
    assert report.pass_rate >= RATCHET[path], f"{report.passed}/{report.total}\n" + _failures(report)


def _answer(text: str, status: str = "answered") -> Answer:
    source = Source("d", "T", None, None, None, "paraphrased")
    return Answer("q", status, text, (Citation(1, source, Passage("d#0", "d", text)),) if status == "answered" else ())


def test_every_group_must_match_and_matching_ignores_case_and_spacing():
    case = Case(1, "q", (("30% GDP", "30 phần trăm"), ("năm  2030",)))
    assert check(case, _answer("Kinh tế số đạt 30% gdp vào Năm 2030.")) is None
    assert "năm  2030" in check(case, _answer("Kinh tế số đạt 30% GDP."))


def test_a_verdict_group_must_open_the_answer_not_merely_occur_in_it():
    case = Case(1, "q", (("có.", "có,", "yes"), ("giấy phép lái xe",)))
    assert check(case, _answer("Có, giấy phép lái xe đã tích hợp được dùng thay bản giấy.")) is None
    assert check(case, _answer("Yes. The driving licence (giấy phép lái xe) …")) is None
    no_verdict = _answer("The data does not say yes or no; the related information: giấy phép lái xe")
    assert "does not open with" in check(case, no_verdict)
    assert check(Case(1, "q", (("không.", "no."),)), _answer("Chưa có dữ liệu để khẳng định có hay không.")) is not None
    assert check(Case(1, "q", (("no",),)), _answer("Not found, no.")) is not None  # "no" opens "no. …", not "not …"
    # a group with no bare verdict word is matched anywhere, as before
    anywhere = Case(1, "q", (("không cần đến cơ quan công an",),))
    assert check(anywhere, _answer("Đúng. Người dân không cần đến cơ quan công an.")) is None


def test_not_found_cases_and_sourceless_answers():
    assert check(Case(1, "q", expect_not_found=True), _answer("", "not_found")) is None
    assert check(Case(1, "q", expect_not_found=True), _answer("x")) is not None
    no_source = Answer("q", "answered", "30% GDP")
    assert check(Case(1, "q", (("30% GDP",),)), no_source) == "answered without a source"


def test_a_report_counts_passes_per_category():
    cases = (Case(1, "a", expect_not_found=True, category="chat"), Case(2, "b", expect_not_found=True, category="chat"))
    cases += (Case(3, "c", expect_not_found=True, category="english"),)
    report = EvalReport(3, (Failure(cases[1], _answer("x"), "expected not_found"),), cases)
    assert report.by_category() == {"chat": (1, 2), "english": (1, 1)}


def test_a_question_file_reader_refuses_a_dialogue_line_with_a_clear_message(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    turns = [{"q": "Bộ Nội vụ chủ trì mấy nhiệm vụ?", "expect": [["6 nhiệm vụ"]]}]
    path.write_text(json.dumps({"id": "x", "turns": turns}, ensure_ascii=False) + "\n", "utf-8")
    with pytest.raises(ValueError, match="dialogue"):
        read_cases(path)


def test_dialogue_sets_have_60_dialogues_of_2_to_4_turns_with_follow_ups_and_topic_switches():
    tune, held = (read_dialogues(p) for p in DIALOGUES)
    dialogues = tune + held
    assert len(dialogues) >= 60 and len(held) >= 18
    assert not {d.id for d in tune} & {d.id for d in held}
    assert all(2 <= len(d.turns) <= 4 for d in dialogues)
    later_turns = [t for d in dialogues for t in d.turns[1:]]
    assert sum(t.standalone for t in later_turns) >= 10
    assert sum(bool(t.understood_as) for t in later_turns) >= 30
    assert {d.role for d in dialogues} == {"citizen", "official"}
    after_not_found = [d for d in dialogues if any(t.expect_not_found for t in d.turns[:-1])]
    assert len(after_not_found) >= 4


@pytest.mark.parametrize(
    ("paths", "sizes", "switches", "prefix"),
    [
        (DIALOGUES2, (25, 35), (5, 5), "d2-"),
        (DIALOGUES3, (15, 40), (3, 10), "d3-"),
        (DIALOGUES4, (15, 40), (3, 10), "d4-"),
        (DIALOGUES5, (15, 40), (3, 10), "d5-"),
        (DIALOGUES6, (15, 40), (3, 9), "d6-"),
        (DIALOGUES7, (15, 40), (3, 8), "d7-"),
        (DIALOGUES8, (15, 40), (3, 8), "d8-"),
        (DIALOGUES9, (10, 40), (3, 8), "d9-"),
        (DIALOGUES10, (10, 45), (2, 9), "d10-"),
        (DIALOGUES11, (30, 45), (6, 9), "d11-"),
        (DIALOGUES12, (15, 44), (4, 9), "d12-"),
    ],
    ids=(
        "dialogues2",
        "dialogues3",
        "dialogues4",
        "dialogues5",
        "dialogues6",
        "dialogues7",
        "dialogues8",
        "dialogues9",
        "dialogues10",
        "dialogues11",
        "dialogues12",
    ),
)
def test_the_outside_writers_dialogue_sets_cover_every_kind_and_no_id_repeats_across_dialogue_files(
    paths: tuple[Path, Path], sizes: tuple[int, int], switches: tuple[int, int], prefix: str
):
    tune, held = (read_dialogues(p) for p in paths)
    assert len(tune) >= sizes[0] and len(held) >= sizes[1]
    for dialogues in (tune, held):
        assert {d.category for d in dialogues} == {
            "slot_swap",
            "missing_slot",
            "list_ref",
            "topic_switch",
            "after_not_found",
        }
        assert {d.role for d in dialogues} == {"citizen", "official"}
        assert all(2 <= len(d.turns) <= 4 for d in dialogues)
    for dialogues, at_least in zip((tune, held), switches):
        assert sum(t.standalone for d in dialogues for t in d.turns[1:]) >= at_least
    every_file = (
        DIALOGUES
        + DIALOGUES2
        + DIALOGUES3
        + DIALOGUES4
        + DIALOGUES5
        + DIALOGUES6
        + DIALOGUES7
        + DIALOGUES8
        + DIALOGUES9
        + DIALOGUES10
        + DIALOGUES11
        + DIALOGUES12
    )
    ids = [d.id for p in every_file for d in read_dialogues(p)]
    assert len(ids) == len(set(ids))
    assert all(d.id.startswith(prefix) for d in tune + held)


# Measured 2026-12-01 on h15-followups (dense engine, --today 2026-02-10), turns after the first:
# held-out: follow-ups 23/30, topic switches 5/6 (4 of the 7 held-out follow-up failures and the switch
# failure come after a first question answered wrongly); asserted a turn below.
# Tune, re-measured on f-follow (119 dialogues, 80 new), after merging main: follow-ups 118/126, switches 18/19;
# the follow-up failures come after a first question answered wrongly or are understood but
# answered wrongly; the switch failure is answered wrongly as asked (all the answer path). Raise, never lower.
# f-dialogue added 43 (ids `s-`, 162 in all): follow-ups 164/173, switches 31/32 (every failure the answer path's:
# a wrong first answer, or a follow-up understood as meant and answered wrongly).
# dialogues2-* (written by the outside question writer, measured 2026-12-01 on q-writer): tune follow-ups 19/24,
# switches 6/6; held-out follow-ups 29/36, switches 8/8; asserted at measured minus 0.05, rounded down.
DIALOGUE_RATCHET = {
    # session 5 (dialogues-tune now 218 dialogues with f-dialogue's 56 `f5-`), measured on main after the merges:
    # follow-ups 223/230, switches 46/47; held-out 25/30 and 5/6.
    DIALOGUES[0]: {"followup": 0.96, "switch": 0.95},  # session 8: 502/511, 120/123
    DIALOGUES[1]: {"followup": 0.9, "switch": 5 / 6},
    # dialogues2: tune 24/24 and 6/6, held-out 32/36 and 8/8.
    DIALOGUES2[0]: {"followup": 0.95, "switch": 0.95},
    DIALOGUES2[1]: {"followup": 0.86, "switch": 0.95},
    # dialogues3-* (the third outside batch): tune follow-ups 12/12, switches 2/3; held-out follow-ups 27/32 (22/32
    # when it arrived), switches 8/10 (6/10).
    DIALOGUES3[0]: {"followup": 0.9, "switch": 0.66},
    DIALOGUES3[1]: {"followup": 0.84, "switch": 0.85},
    # dialogues4-* (the fourth outside batch, session 5): tune 11/12 and 3/3; held-out follow-ups 25/31 (24/31 when it
    # arrived), switches 8/11 (8/11).
    DIALOGUES4[0]: {"followup": 0.9, "switch": 0.66},
    DIALOGUES4[1]: {"followup": 0.87, "switch": 0.81},
    # dialogues5-* (the fifth outside batch, session 6), on arrival: tune follow-ups 10/12, switches 3/3; held-out
    # follow-ups 24/30, switches 9/10; after the session's merges tune 12/12 and 3/3, held-out unchanged. Also after
    # them: held-out d1 26/30 6/6, d3 28/32 8/10, d4 25/31 10/11 (raised here), d2 32/36 8/8.
    DIALOGUES5[0]: {"followup": 0.9, "switch": 0.66},
    DIALOGUES5[1]: {"followup": 0.8, "switch": 0.8},
    # dialogues6-* (the sixth outside batch, session 7), on arrival (after four list references were corrected to
    # the order the lists are shown in): tune follow-ups 10/12, switches 2/3; held-out follow-ups 23/32, switches 8/9.
    # After session 7's merges: held-out follow-ups / switches d1 29/30 6/6, d2 32/36 8/8, d3 28/32 9/10, d4 28/31
    # 10/11, d5 25/30 9/10, d6 24/32 9/9 (25/32 after the second round); every dialogue tune set's follow-ups
    # and switches pass but d1's (298/310,
    # 84/87) (raised here).
    DIALOGUES6[0]: {"followup": 0.9, "switch": 0.66},
    DIALOGUES6[1]: {"followup": 0.78, "switch": 0.85},  # session 8: 26/32, 9/9
    # dialogues7-* (the seventh outside batch, session 8), on arrival at 2916491: tune follow-ups 14/18, switches
    # 4/4; held-out follow-ups 27/42, switches 8/9. After session 8's merges: tune 18/18 and 4/4, held-out 28/42
    # and 8/9.
    DIALOGUES7[0]: {"followup": 0.95, "switch": 0.95},
    DIALOGUES7[1]: {"followup": 0.63, "switch": 0.85},
    # dialogues8-* (the eighth outside batch, session 10), on arrival at 554c1e5: tune follow-ups 13/14, switches
    # 3/3; held-out follow-ups 28/36, switches 11/11. After the session's first fixes: tune 14/14 and 3/3.
    DIALOGUES8[0]: {"followup": 0.95, "switch": 0.95},
    DIALOGUES8[1]: {"followup": 0.75, "switch": 0.95},
    # dialogues9-* (the ninth, session 10, written blind first), on arrival at b0e0d36: tune follow-ups 4/8,
    # switches 3/3; held-out follow-ups 24/30, switches 9/10.
    DIALOGUES9[0]: {"followup": 0.5, "switch": 0.95},
    DIALOGUES9[1]: {"followup": 0.76, "switch": 0.85},
    # dialogues10-* (the tenth, session 11, written blind first), on arrival at 5b7fd27: tune follow-ups 4/9,
    # switches 2/2; held-out follow-ups 17/39 (44 %), switches 8/9.
    DIALOGUES10[0]: {"followup": 0.85, "switch": 0.95},  # 8/9 at the end of session 11
    DIALOGUES10[1]: {"followup": 0.41, "switch": 0.85},  # one turn below arrival's 17/39 as margin: 16/39 measured
    # dialogues11-* (the eleventh, session 11, 75 dialogues written blind first, split 30/45 with seed 11), on
    # arrival at cc20deb: tune follow-ups 10/27, switches 5/6; held-out follow-ups 18/40 (45 %), switches 4/9.
    DIALOGUES11[0]: {"followup": 0.66, "switch": 0.8},  # 18/27, 5/6 at the end of session 12
    DIALOGUES11[1]: {"followup": 0.47, "switch": 0.44},  # 19/40, 4/9 at the end of session 12
    # dialogues12-* (the twelfth, session 12, 59 dialogues written blind first, split 15/44 with seed 12), on
    # arrival at 6e0cf52: tune follow-ups 6/15, switches 1/4; held-out follow-ups 17/39 (44 %), switches 8/9.
    DIALOGUES12[0]: {"followup": 0.46, "switch": 0.75},  # 7/15, 3/4 at the end of session 12
    DIALOGUES12[1]: {"followup": 0.41, "switch": 0.77},
}


@pytest.mark.parametrize("path", list(DIALOGUE_RATCHET), ids=lambda p: p.stem)
def test_dialogues_pass_follow_ups_and_topic_switches_at_their_measured_rate(dense_eval, path: Path):
    report = dense_eval(path)
    rates = {kind: report.rate(kind) for kind in ("followup", "switch")}
    held_out = path in HELD_OUT_DIALOGUES
    failures = (
        ""
        if held_out and all(rates[k] >= v for k, v in DIALOGUE_RATCHET[path].items())
        else "\n".join(
            f"{r.dialogue.id} turn {r.number} [{r.kind}]: {r.turn.question} — {r.reason}" for r in report.failures
        )
    )
    for kind, at_least in DIALOGUE_RATCHET[path].items():
        assert rates[kind] >= at_least - 1e-9, f"{kind} {report.counts(kind)}\n{failures}"


def test_a_dialogue_turn_checks_the_answer_and_how_it_was_understood():
    follow = Turn("còn Bộ Ngoại giao thì sao?", (("4 nhiệm vụ",),), understood_as=(("Bộ Ngoại giao",),))
    answer = _answer("Có 4 nhiệm vụ do Bộ Ngoại giao chủ trì.")
    assert check_turn(follow, answer) == "not read as a follow-up (understood_as null)"
    understood = replace(answer, understood_as="Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ?")
    assert check_turn(follow, understood) is None
    assert "without one of" in check_turn(follow, replace(answer, understood_as="Bộ Công an chủ trì mấy nhiệm vụ?"))
    switch = Turn("Đề án 06 do ai phê duyệt?", (("4 nhiệm vụ",),), standalone=True)
    assert check_turn(switch, answer) is None
    assert "a new question" in check_turn(switch, understood)


def test_a_dialogue_turn_opening_with_moi_starts_the_conversation_over(builtin_engine, tmp_path: Path):
    first = {"q": "Bộ Y tế chủ trì mấy nhiệm vụ?", "expect": [["2 nhiệm vụ"]]}
    lines = [
        {"id": "carried", "role": "official", "turns": [first, {"q": "còn Bộ Nội vụ?", "expect": [["6 nhiệm vụ"]]}]},
        {
            "id": "started-over",
            "role": "official",
            "turns": [first, {"q": "/moi Bộ Ngoại giao chủ trì mấy nhiệm vụ?", "expect": [["4"]], "standalone": True}],
        },
        {
            "id": "cau-hoi-moi",
            "role": "official",
            "turns": [first, {"q": "câu hỏi mới: còn Bộ Nội vụ?", "expect": [["6 nhiệm vụ"]]}],
        },
    ]
    path = tmp_path / "dialogues.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    carried, started_over, cau_hoi_moi = (
        r for r in run_dialogues(builtin_engine, path, TODAY).results if r.number == 2
    )
    assert carried.reason is None and carried.answer.understood_as == "Bộ Nội vụ chủ trì mấy nhiệm vụ?"
    assert started_over.reason is None and started_over.answer.understood_as is None
    assert started_over.answer.question == "/moi Bộ Ngoại giao chủ trì mấy nhiệm vụ?"  # reported as typed
    # "câu hỏi mới: còn Bộ Nội vụ?" forgets Bộ Y tế's question, so there is nothing to continue
    assert cau_hoi_moi.answer.understood_as is None and cau_hoi_moi.reason is not None
