"""The question is read once into a Query: one test per language table, and the slots it resolves."""

from datetime import date

import pytest

from retrieval import data
from retrieval.query import (
    expand_chat,
    glossary,
    is_english,
    named_bodies,
    names_agency,
    out_of_service_topic,
    read_everyday,
    read_query,
    read_text,
    synonym_table,
    translate_english,
    unresolved_scope_words,
)
from retrieval.text import fold, normalise

TODAY = date(2026, 2, 10)


# --- chat_abbreviations.tsv ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("bn nv bo tai chinh chu tri", "bao nhieu nhiem vu bo tai chinh chu tri"),  # typed without marks: stays so
        ("Bộ Tài chính chủ trì bn nhiệm vụ", "Bộ Tài chính chủ trì bao nhiêu nhiệm vụ"),
        ("đk vneid ntn", "đăng ký vneid như thế nào"),
        ("mk ko bít làm j", "mình không biết làm gì"),
        ("nq57 do ai kí vậy", "nq57 do ai ký"),  # a closing particle is dropped, "kí" is "ký"
        ("vneid có từ bao giờ thế ạ?", "vneid có từ bao giờ?"),
    ],
)
def test_chat_abbreviations_are_read_in_full(typed, read):
    assert expand_chat(typed, accented=typed != fold(typed)) == read


def test_every_chat_abbreviation_expands_to_words_or_nothing():
    for line in data.lines("chat_abbreviations.tsv"):
        variants, _, expansion = line.partition("\t")
        assert variants.strip() and all(v.strip() for v in variants.split(","))
        assert expansion == expansion.strip()


def test_chat_words_never_touch_official_abbreviations():
    assert expand_chat("KH&CN và kh 02-KH/BCĐTW") == "KH&CN và kh 02-KH/BCĐTW"
    assert "nhóm V" in expand_chat("nhiệm vụ nhóm V")  # a Roman numeral is no chat word


# --- synonyms.tsv ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("làm chứng minh thư ở đâu", "căn cước công dân"),
        ("app vneid", "ứng dụng"),
        ("làm giấy tờ gì", "thủ tục"),
        ("làm giấy tờ online", "cổng dịch vụ công quốc gia"),  # done online: on the portal
        ("thanh toán online được không", "thanh toán điện tử"),
        ("lam chung minh thu o dau", "can cuoc cong dan"),  # accent-less typing meets the same term
        ("bằng lái xe tích hợp vneid", "giấy phép lái xe"),
    ],
)
def test_everyday_words_are_read_as_the_official_term(typed, official):
    text, typed_words = read_everyday(normalise(typed))
    assert official in text and typed_words  # and the words as typed are still searched


def test_an_official_term_already_written_in_full_is_left_alone():
    text, typed = read_everyday(normalise("thẻ căn cước công dân gắn chip"))
    assert text == normalise("thẻ căn cước công dân gắn chip") and not typed


@pytest.mark.parametrize("typed", ["việc nào về chữ ký số", "viec nao ve chu ky so"])
def test_an_everyday_word_that_ends_the_official_term_is_not_read_again(typed):
    """ "ký số" means "chữ ký số"; inside "chữ ký số" it is already the term, not "chữ chữ ký số"."""
    text, typed_words = read_everyday(normalise(typed))
    assert text == normalise(typed) and not typed_words


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("nộp hồ sơ online trên cổng dịch vụ công", "nộp hồ sơ trực tuyến trên cổng dịch vụ công quốc gia"),
        ("nop ho so online tren cong dich vu cong", "nop ho so trực tuyến tren cong dich vu cong quoc gia"),
    ],
)
def test_a_doing_phrase_whose_place_the_question_names_is_read_by_its_parts(typed, read):
    """ "nộp hồ sơ online" alone means the portal; with the portal named besides it says what is done there."""
    assert read_everyday(normalise(typed))[0] == normalise(read)
    assert "cổng dịch vụ công quốc gia" in read_everyday(normalise("nộp hồ sơ online ở đâu"))[0]


@pytest.mark.parametrize(
    ("typed", "official"),
    [("sau sáp nhập cả nước còn mấy tỉnh", "sau ngày 01/7/2025"), ("tỉnh nào sáp nhập vào phú thọ", "hợp nhất")],
)
def test_the_everyday_word_for_merging_is_read_as_the_corpus_writes_it(typed, official):
    """The corpus writes "hợp nhất", "sắp xếp", "sau ngày 01/7/2025", never "sáp nhập"."""
    assert normalise(official) in read_everyday(normalise(typed))[0]


def test_every_synonym_maps_everyday_words_to_a_different_official_term():
    table = synonym_table()
    assert len(table) >= 20
    assert all(variant != official for variant, official in table.items())


# --- glossary_en.tsv -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("How many tasks does the Ministry of Finance lead?", "bao nhiêu nhiệm vụ bộ tài chính chủ trì"),
        ("When was Resolution 57 issued?", "khi nào nghị quyết 57 ban hành"),
        ("What does the Provincial People's Committee do in Project 06?", "ủy ban nhân dân tỉnh"),
        ("How many communes and wards does Phú Thọ have?", "bao nhiêu xã và phường Phú Thọ"),
        ("Who chaired the launch of the national public service portal?", "chủ trì lễ khai trương"),
        ("Who opened the national public service portal?", "ai khai trương cổng dịch vụ công quốc gia"),
    ],
)
def test_english_questions_are_read_through_the_glossary(english, vietnamese):
    assert is_english(english)
    assert vietnamese in translate_english(english)


@pytest.mark.parametrize(
    "vietnamese",
    ["de an 06 gom may nhom tien ich", "phu tho co bao nhieu xa va phuong", "do ai ky nghi quyet 57", "TTHCC là gì?"],
)
def test_accentless_vietnamese_is_not_taken_for_english(vietnamese):
    assert not is_english(vietnamese)


def test_the_glossary_knows_the_domain_terms():
    table = glossary()
    for term in ("politburo", "ministry of finance", "provincial people's committee", "task", "deadline"):
        assert table[term], term
    assert table["digital transformation"] == "chuyển đổi số"


# --- out_of_service.tsv, domain_words.txt ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Ngày mai trời có mưa không?", "thời tiết"),
        ("giá vàng 9999 hôm nay bn 1 chỉ", "giá cả"),
        ("Lịch thi đấu Ngoại hạng Anh cuối tuần này", "thể thao"),
        ("What is the weather in Hanoi tomorrow?", "thời tiết"),
        ("vn vs thai lan toi nay may gio da", "thể thao"),  # not the one-stop centre's opening hours
        ("mu vs arsenal toi qua ai thang", "thể thao"),
        ("phim gì hay trên netflix tuần này", "giải trí"),
        ("viết giúp mk bài thơ về mùa xuân", "sáng tác thơ văn"),  # a poem is no joke
    ],
)
def test_requests_outside_the_service_are_recognised(question, topic):
    assert read_text(question).out_of_service == topic


def test_a_place_name_does_not_make_an_outside_request_ours(builtin_engine):
    from retrieval.query import read_query

    index = builtin_engine.index()
    assert read_query(index, "thoi tiet viet tri mai co mua ko").out_of_service == "thời tiết"  # a ward's name
    assert read_query(index, "thời tiết Phú Thọ hôm nay").out_of_service == "thời tiết"
    assert read_query(index, "Bộ Nông nghiệp và Môi trường dự báo thời tiết thế nào").out_of_service is None


def test_a_question_with_a_domain_word_is_ours_even_when_it_names_a_topic():
    question = "Nhiệm vụ ứng dụng AI cảnh báo thiên tai, dự báo thời tiết do bộ nào chủ trì?"
    assert out_of_service_topic(read_text(question).folded) == "thời tiết"
    assert read_text(question).out_of_service is None


# --- body_heads.tsv, name_ends.txt -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "bodies"),
    [
        ("Sở Tài chính chủ trì bao nhiêu nhiệm vụ?", ["so tai chinh"]),
        ("so tai chinh chu tri may nhiem vu", ["so tai chinh"]),
        ("UBND tỉnh có trách nhiệm gì trong Đề án 06?", ["uy ban nhan dan tinh"]),
        ("Phường Phong Châu có nhiệm vụ nào quá hạn?", ["phuong phong chau"]),
        ("Số liệu PII của Phú Thọ", []),  # "số", not "sở"
        ("ty le ho so ket qua giai quyet thu tuc hanh chinh", []),  # "hồ sơ"
        ("Bộ chỉ số PII gồm bao nhiêu trụ cột?", []),
        ("Phú Thọ có bao nhiêu xã, phường sau sắp xếp?", []),  # no commune is named
        ("ở cấp bộ nộp hồ sơ ở đâu", []),  # "bộ" then a verb: the ministry level, no ministry named
        ("bo chinh tri ban bi thu lap may doan kiem tra", ["bo chinh tri"]),  # a body known whole ends its name
        # a task's title in quotes: "«Cơ sở dữ liệu …»" is "cơ sở", the quote mark is no word
        ("Nhiệm vụ «Cơ sở dữ liệu chuyên gia, trí thức Việt Nam ở nước ngoài» là nhiệm vụ gì?", []),
        ("đề án 06 do bộ trưởng công an ký à", []),  # "bộ trưởng": a minister, no ministry named "Trưởng"
        ("báo cáo 6 tháng gửi bộ trước ngày nào", []),  # "bộ | trước ngày": the ministry asked, unnamed
    ],
)
def test_bodies_are_named_as_typed_and_told_from_lookalike_words(question, bodies):
    q = read_text(question)
    assert list(named_bodies(q.text, q.accented, question)) == bodies


@pytest.mark.parametrize(
    ("question", "bodies"),
    [
        ("xa lam thao co may nhiem vu", ["xa lam thao"]),  # "làm thao" is no phrase: a commune's name
        ("xã Lâm Thao có mấy nhiệm vụ", ["xa lam thao"]),  # typed capitalised: a name begins
        ("phuong hoa binh xong may viec roi", ["phuong hoa binh"]),  # "xong" ends the name (name_ends.txt)
        ("xa nao nhieu nhiem vu nhat", []),  # "nào nhiều": no name
        ("cv 168 bhxh noi j", []),  # "bảo hiểm xã hội"
        ("xa lam chung thuc duoc ko", []),  # "xã làm chứng thực": the name would stop at no function word
        ("Xã lam thao có mấy nhiệm vụ?", ["xa lam thao"]),  # only its first letter capitalised
    ],
)
def test_a_place_whose_name_begins_with_a_common_word_is_still_named(builtin_engine, question, bodies):
    q = read_query(builtin_engine.index(), question, "official")
    assert [b for b in q.bodies if not names_agency(b)] == bodies


@pytest.mark.parametrize(
    ("body", "agency"),
    [("so tai chinh", True), ("uy ban nhan dan tinh", True), ("cong an xa tam dao", True), ("phuong au co", False)],
)
def test_the_kind_column_tells_an_agency_from_a_place(body, agency):
    assert names_agency(body) is agency


@pytest.mark.parametrize(
    ("question", "unresolved"),
    [
        ("huyen tan son co nhiem vu nao qua han", True),  # a body head of body_heads.tsv
        ("Cục Thuế có nhiệm vụ nào quá hạn?", True),  # a word of scope_words.txt
        ("nhiệm vụ nào quá hạn?", False),
    ],
)
def test_a_level_or_body_word_is_read_from_the_two_tables(question, unresolved):
    """`scope_words.txt` adds the words that are no body heads; the heads come from `body_heads.tsv` alone."""
    assert bool(unresolved_scope_words().search(read_text(question).folded)) is unresolved
    heads = {line.split("\t")[0].split(" (")[0] for line in data.lines("body_heads.tsv")}
    assert not heads & set(data.lines("scope_words.txt"))


# --- the Query of an index ---------------------------------------------------------------------------------


def test_a_query_resolves_its_slots_once(builtin_engine):
    q = read_query(builtin_engine.index(), "bn nv bo tai chinh chu tri trong quy 1/2026", "citizen", TODAY)
    assert q.language == "vi" and not q.accented
    assert q.agencies == ("Bộ Tài chính",) and "count" in q.intents
    assert q.period is not None and q.period.label == "quý I/2026"
    assert "nhiem" in q.terms and "bao" not in q.terms  # asking words decide the intent, not the subject


def test_a_query_names_documents_provinces_and_years(builtin_engine):
    q = read_query(builtin_engine.index(), "PII 2024 của Phú Thọ theo NQ57?", "citizen", TODAY)
    assert q.documents == {"nq57-nq-tw"} and q.provinces == ("Phú Thọ",) and q.years == (2024,)


def test_an_english_query_searches_vietnamese_words_and_embeds_the_question_as_typed(builtin_engine):
    question = "How many tasks does the Ministry of Finance lead?"
    q = read_query(builtin_engine.index(), question, "citizen", TODAY)
    assert q.language == "en" and q.dense_text == question
    assert "nhiệm vụ" in q.search_text and q.agencies == ("Bộ Tài chính",)


@pytest.mark.parametrize(
    "english",
    [
        "when does res 57 take effect",
        "phu tho pii rank 2025?",
        "website for online public services?",
        "since when has vneid existed",
        "is vneid free?",
        "how many tasks has xuan dai commune been given",
        "phu tho area in km2?",  # "area" is marked as a lookalike, yet no Vietnamese syllable spells it
    ],
)
def test_short_english_is_told_by_words_no_vietnamese_syllable_spells(english):
    assert is_english(english)


@pytest.mark.parametrize(
    "vietnamese",
    ["nq57 co hieu luc tu ngay ky ko", "hoi le phi vssid o dau", "pii phu tho top 10 ko", "check deadline nq03 o dau"],
)
def test_accentless_vietnamese_with_stray_english_or_abbreviations_stays_vietnamese(vietnamese):
    assert not is_english(vietnamese)


def test_a_word_is_vietnamese_shaped_only_when_one_syllable_spells_it():
    from retrieval.language import vietnamese_shaped

    assert all(map(vietnamese_shaped, ["nghieng", "quyet", "giay", "gi", "khuya", "ruou", "ke", "ca", "oanh"]))
    assert not any(map(vietnamese_shaped, ["when", "does", "take", "card", "get", "task", "lead", "ce", "ka"]))


def test_english_dates_ordinals_and_plurals_are_read_as_the_register_path_reads_them():
    assert "13/1/2026" in translate_english("the review conference on 13 January 2026")
    assert "13/1/2026" in translate_english("on January 13, 2026")
    assert "xếp thứ 15" in translate_english("Phu Tho ranked 15th")
    assert "chỉ tiêu" in translate_english("which indicators")


def test_an_english_question_names_a_province_whose_name_holds_an_english_word(builtin_engine):
    """ "Nghe An": the translation drops "an" (an English article); the name is read in the question as typed,
    so the data's lack of Nghệ An is said, instead of another province's PII."""
    q = read_query(builtin_engine.index(), "PII 2025 of Nghe An?", "citizen", TODAY)
    assert q.language == "en" and q.provinces == ("Nghệ An",)
    answer = builtin_engine.ask("PII 2025 of Nghe An?", "citizen", TODAY)
    assert answer.status == "not_found" and "41" not in answer.text


@pytest.mark.parametrize(
    ("message", "yes_no"),
    [
        ("muc tieu phu song 5G 2030 la 100% dan so a", True),  # "à" typed without its mark
        ("vneid co thu phi khong a", True),  # "… không ạ"
        ("Phú Thọ có 148 xã hok", True),
        ("cccd lam o dau a", False),  # a question word before it: the "a" is a polite "ạ"
        ("pii phu tho bao nhieu diem a", False),
    ],
)
def test_a_closing_a_without_its_mark_asks_yes_or_no_only_after_no_question_word(message, yes_no):
    from retrieval.query import _closing_yes_no

    assert _closing_yes_no(message) is yes_no


@pytest.mark.parametrize(
    "question", ["cong dvc qg xay trong bao lau moi xong", "Cổng DVC quốc gia xây dựng mất bao lâu thì xong?"]
)
def test_how_long_and_its_chat_endings_ask_rather_than_say_what_about(question):
    terms = set(read_text(question).terms)
    assert {"xay"} <= {fold(t) for t in terms}
    assert not {"lau", "mat", "xong", "moi"} & {fold(t) for t in terms}


def test_a_how_long_question_is_answered_by_the_sentence_with_the_duration(builtin_engine):
    answer = builtin_engine.ask("cong dvc qg xay trong bao lau moi xong")
    assert answer.status == "answered" and answer.text.startswith("Trước khi đưa vào hoạt động, Cổng Dịch vụ công")
    assert "9 tháng" in answer.text.splitlines()[0]


def test_a_word_only_searched_further_keeps_what_it_may_mean(builtin_engine):
    # "chạy" is not replaced (an app may "chạy chậm"), but a passage saying "hoạt động" or "vận hành" covers it
    q = read_query(builtin_engine.index(), "VNeID chạy từ năm 2020 đúng ko", "citizen", TODAY)
    assert (("chay",), (("van", "hanh"), ("hoat", "dong"))) in q.meant
    assert read_query(builtin_engine.index(), "VNeID hoạt động từ 2020 à", "citizen", TODAY).meant == ()


@pytest.mark.parametrize("question", ["pt tang truong grdp 9 thang 2025 bn", "bí thư tỉnh ủy pt bây h là ai"])
def test_pt_typed_in_chat_is_phu_tho(builtin_engine, question):
    # the corpus's own province, as its officials type it (users2/3/5-tune); the answer path reads the place slot
    assert read_query(builtin_engine.index(), question, "citizen", TODAY).provinces == ("Phú Thọ",)


@pytest.mark.parametrize(
    ("folded", "owners"),
    [
        ("xa minh co trung tam phuc vu hanh chinh cong ko", {"minh"}),
        ("tinh cua toi co bao nhieu xa", {"cua", "toi"}),
        ("xa minh co nhiem vu nao, minh can biet", set()),  # "mình" asked of elsewhere too stays
        ("phu tho co bao nhieu xa", set()),
    ],
)
def test_the_owner_of_a_home_place_is_no_word_the_evidence_must_hold(folded, owners):
    from retrieval.home import owner_words

    assert owner_words(folded) == owners
