"""Per-value repair: legacy fonts, mojibake, NFC, confusables, controls, whitespace, tone style."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dangvien.vn import legacy
from dangvien.vn.charsets import decode_table
from dangvien.vn.detect import BAD, token_view
from dangvien.vn.tests.support import uniform_case_phrase, vendored_rows, vietnamese_phrase
from dangvien.vn.text import Repair, repair, repair_many, repair_text
from dangvien.vn.tones import compare_key, to_style

REAL = vendored_rows("legacy-samples", "real_world_samples.csv")
# Real samples whose damage no decoder can see: a letter mark missing in otherwise clean Unicode.
UNDETECTABLE = {"Trần Thi Lựu": "the dot below of 'Thị' was never typed"}


@pytest.mark.parametrize("row", REAL, ids=lambda row: row["raw_text_as_seen"][:30])
def test_real_legacy_samples_are_repaired(row: dict[str, str]) -> None:
    raw, expected = row["raw_text_as_seen"], row["expected_unicode_nfc"]
    if raw in UNDETECTABLE:
        assert repair(raw).value == raw
        return
    result = repair(raw, tone_style="old")
    if "uppercase font" in row["note"] or "case is lost" in row["note"]:
        assert result.lossy
        assert compare_key(result.value) == compare_key(expected)
    else:
        assert compare_key(result.value) == compare_key(expected)
    if row["encoding"] in ("TCVN3", "VNI-Windows"):
        assert result.detected == {"TCVN3": "tcvn3", "VNI-Windows": "vni"}[row["encoding"]]


UIT = vendored_rows("legacy-samples", "uit_member_encoding_anomalies.csv")


@pytest.mark.parametrize("row", UIT, ids=lambda row: row["raw_full_name"])
def test_uit_member_anomalies_match_the_guess_or_offer_it_as_the_alternative(
    row: dict[str, str],
) -> None:
    # The guesses keep every valid-Unicode word; when no word of the value is Unicode-only we
    # read the whole value in the legacy font and offer the guess as the alternative instead.
    result = repair(row["raw_full_name"])
    guess = compare_key(row["repair_guess"])
    assert result.changed
    assert compare_key(result.value) == guess or guess in map(compare_key, result.alternatives)


def test_uit_member_anomalies_are_mostly_exactly_the_guess() -> None:
    exact = sum(
        compare_key(repair(row["raw_full_name"]).value) == compare_key(row["repair_guess"])
        for row in UIT
    )
    assert exact >= 97  # the 4 others read "Hoà"/"Hoàng" as VNI "Hồ"/"Hồng" (see test above)


def test_the_acceptance_examples() -> None:
    assert repair("§ång b»ng s«ng Hång").value == "Đồng bằng sông Hồng"
    assert repair("Nguyeãn Vaên Höng").value == "Nguyễn Văn Hưng"


@pytest.mark.parametrize(
    ("raw", "value", "detected"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An", "clean"),
        ("Thá»§ Ä‘Ã´", "Thủ đô", "utf8-mojibake-cp1252"),
        ("Nguyá»…n ToÃ n", "Nguyễn Toàn", "utf8-mojibake-cp1252"),
        ("Nguyá»\u0085n Ä\u0090á»©c", "Nguyễn Đức", "utf8-mojibake-latin1"),
        ("Nguyá»…n Ã\u0081nh", "Nguyễn Ánh", "utf8-mojibake-latin1"),
        ("Trương Ä\x90Ä\x83ng Khoa", "Trương Đăng Khoa", "utf8-mojibake-latin1"),
        ("Háť\x93ng", "Hồng", "utf8-mojibake-latin2"),
        ("Nguyá»\u0085n", "Nguyễn", "utf8-mojibake-latin1"),
        ("Nguye\u0302\u0303n Va\u0306n", "Nguyễn Văn", "nfd"),
        ("Chung Ðông Tuyền", "Chung Đông Tuyền", "confusable"),
        ("To^i ddi ho.c.", "Tôi đi học.", "viqr"),
        ("NguyêÞn Vãn Hýng", "Nguyễn Văn Hưng", "cp1258"),
        ("Leâ Hoàng Phong", "Lê Hồng Phong", "vni"),
    ],
)
def test_each_kind_of_damage_is_detected_and_repaired(raw: str, value: str, detected: str) -> None:
    result = repair(raw)
    assert (result.value, result.detected) == (value, detected)


def test_valid_unicode_that_is_also_valid_vni_is_kept_and_said_so() -> None:
    result = repair("Hoàng")
    assert result.value == "Hoàng"
    assert not result.changed
    assert result.confidence < 1
    assert "Hồng" in result.alternatives


def test_vni_fragments_inside_unicode_keep_the_unicode_words() -> None:
    result = repair("Lê Hoàng Cöôøng")
    assert result.value == "Lê Hoàng Cường"
    assert "partial" in result.fixes


def test_tcvn3_upper_case_is_reported_lossy() -> None:
    result = repair("NGUYÔN V¡N AN")
    assert result.value == "NGUYỄN VĂN AN"
    assert result.lossy
    assert result.needs_review
    assert any("chữ hoa" in note for note in result.notes)


def test_tcvn3_in_an_upper_case_font_says_case_was_lost() -> None:
    result = repair("bé tµi chÝnh")
    assert result.value == "bộ tài chính"
    assert result.lossy


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Lùc l\xadîng", "Lực lượng"),
        ("Lùc lîng", "Lực lượng"),
        ("§êng", "Đường"),
        ("H\xadng", "Hưng"),
    ],
)
def test_tcvn3_u_is_decoded_from_the_soft_hyphen_or_restored_when_stripped(
    raw: str, value: str
) -> None:
    assert repair(raw).value == value


def test_a_token_both_vni_and_tcvn3_reads_as_the_commoner_syllable_with_the_other_offered() -> None:
    result = repair("Höng")
    assert result.value == "Hưng"
    assert "Hửng" in result.alternatives
    assert result.needs_review


def test_a_preferred_scheme_breaks_ties() -> None:
    assert repair("Höng", prefer="tcvn3").value == "Hửng"


@pytest.mark.parametrize(
    ("raw", "value", "fix"),
    [
        ("  Nguyễn\u00a0 Văn\tAn  ", "Nguyễn Văn An", "whitespace"),
        ("Nguyễn\u200b Văn", "Nguyễn Văn", "zero-width"),
        ("Nguyễn\x07 Văn", "Nguyễn Văn", "control-chars"),
        ("Аnh", "Anh", "confusable-letters"),
        ("Qúy", "Quý", "tone-placement"),
        ("Hòa", "Hoà", "tone-style"),
    ],
)
def test_character_level_fixes_are_applied_and_named(raw: str, value: str, fix: str) -> None:
    result = repair(raw)
    assert result.value == value
    assert fix in result.fixes
    assert result.notes


def test_old_tone_style_is_honoured() -> None:
    assert repair("Hoà Thuỷ", tone_style="old").value == "Hòa Thủy"


def test_notes_are_vietnamese_nfc_text() -> None:
    for note in repair("Nguyeãn Vaên Höng").notes + repair("NGUYÔN").notes:
        assert unicodedata.is_normalized("NFC", note)


def test_batch_results_equal_single_results() -> None:
    values = ["Nguyeãn Vaên Höng", "Hòa", "Nguyeãn Vaên Höng", ""]
    assert repair_many(values) == [repair(value) for value in values]
    assert repair_text("Hòa") == "Hoà"


def test_non_text_is_refused() -> None:
    with pytest.raises(TypeError):
        repair(12)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(vietnamese_phrase(), st.sampled_from(["old", "new"]))
def test_clean_nfc_text_is_never_changed_except_for_the_tone_style(text: str, style: str) -> None:
    result = repair(text, tone_style=style)  # type: ignore[arg-type]
    assert result.value == to_style(text, style)  # type: ignore[arg-type]
    assert result.detected == "clean"


# The detection properties below are heuristics judged on generated text: they run derandomized so
# CI is reproducible; exploring new seeds is done by hand (pytest --hypothesis-seed=N).


def _decoded_or_offered(result: Repair, expected: str) -> bool:
    return result.value == expected or expected in result.alternatives


def _detectable(seen: str) -> bool:
    """Legacy text is detectable only if some word of it does not read as Vietnamese or ASCII.

    ("dị dị" in VNI is "dò dò" and "cọ" in VIQR is "co.": such values are kept, never corrupted.)
    """
    return any(token_view(word).clean_kind == BAD for word in seen.split())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(vietnamese_phrase(min_words=2), st.sampled_from(["vni", "viqr", "cp1258"]))
def test_legacy_encodings_of_vietnamese_text_are_repaired(text: str, scheme: str) -> None:
    seen = legacy.encode(text, scheme)  # type: ignore[arg-type]
    assume(seen != text and _detectable(seen))
    assert _decoded_or_offered(repair(seen), to_style(text, "new"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(uniform_case_phrase())
def test_tcvn3_encodings_are_repaired_up_to_the_case_it_loses(text: str) -> None:
    seen = legacy.encode(text, "tcvn3")
    assume(seen != text and _detectable(seen))
    result = repair(seen)
    expected = to_style(text, "new")
    if result.lossy:
        assert compare_key(result.value) == compare_key(expected) or any(
            compare_key(alt) == compare_key(expected) for alt in result.alternatives
        )
    else:
        assert _decoded_or_offered(result, expected)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(vietnamese_phrase(), st.sampled_from(["cp1252", "cp1250", "iso8859_2", "mac_roman"]))
def test_utf8_read_with_a_single_byte_code_page_is_repaired(text: str, page: str) -> None:
    table = decode_table(page)
    seen = "".join(table[byte] for byte in text.encode("utf-8"))
    assume(seen != text and _detectable(seen))
    assert _decoded_or_offered(repair(seen), to_style(text, "new"))


@pytest.mark.parametrize("value", ["SĐT", "Số ĐT", "ĐT", "TĐVH", "HĐND xã Tam Lư", "CCCD/ĐDCN"])
def test_upper_case_abbreviations_with_d_bar_are_clean_unicode_not_legacy_fonts(value: str) -> None:
    result = repair(value)
    assert result.value == value
    assert result.detected == "clean"
