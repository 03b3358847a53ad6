"""The follow-up resolver's phrase patterns are compiled once per process, whatever entry point asks first."""

from __future__ import annotations

from retrieval import followup


def test_the_phrase_patterns_are_compiled_once_for_each_form():
    followup._compiled.cache_clear()
    for message in ("câu hỏi mới", "cau hoi moi: Bộ Tài chính làm gì", "cái thứ hai", "con cai thu 3 thi sao"):
        followup.is_reset(message)
        followup.after_reset(message)
        followup._view(message)
    assert followup._patterns() is followup._patterns(False)
    assert followup._compiled.cache_info().misses == 2  # folded and accented, nothing recompiled
