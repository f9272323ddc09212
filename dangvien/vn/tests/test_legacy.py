"""Strict table encoders/decoders against the vendored Unikey tables and test vectors."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings

from dangvien.vn import legacy
from dangvien.vn.charsets import LEGACY_PAGES, decode_table, letters
from dangvien.vn.tests.support import TCVN3_UPPER_LOSSY, legacy_text, vendored_rows

LETTERS = [letter for letter in letters() if not letter.char.isascii()]


def _seen(data: bytes) -> str:
    table = decode_table("cp1252")
    return "".join(table[byte] for byte in data)


@pytest.mark.parametrize("letter", LETTERS, ids=lambda letter: letter.char)
def test_every_letter_encodes_to_its_table_bytes(letter: legacy.Scheme) -> None:
    assert legacy.encode_bytes(letter.char, "tcvn3") == letter.tcvn3
    assert legacy.encode_bytes(letter.char, "vni") == letter.vni
    assert legacy.encode(letter.char, "viqr") == letter.viqr
    assert legacy.encode_bytes(letter.char, "cp1258") == letter.cp1258


@pytest.mark.parametrize("letter", LETTERS, ids=lambda letter: letter.char)
@pytest.mark.parametrize("scheme", ["vni", "viqr", "cp1258"])
def test_every_letter_decodes_back_from_each_scheme(letter: legacy.Letter, scheme: str) -> None:
    seen = legacy.encode(letter.char, scheme)  # type: ignore[arg-type]
    assert legacy.decode(seen, scheme) == letter.char  # type: ignore[arg-type]


@pytest.mark.parametrize("letter", LETTERS, ids=lambda letter: letter.char)
def test_every_tcvn3_letter_decodes_back_except_upper_case_toned_which_become_lower(
    letter: legacy.Letter,
) -> None:
    decoded = legacy.decode(legacy.encode(letter.char, "tcvn3"), "tcvn3")
    if letter.char in TCVN3_UPPER_LOSSY:
        assert decoded == letter.char.lower()
    else:
        assert decoded == letter.char


def test_tcvn3_upper_case_toned_letters_share_the_lower_case_byte() -> None:
    assert len(TCVN3_UPPER_LOSSY) == 60
    assert legacy.encode("Ấ", "tcvn3") == legacy.encode("ấ", "tcvn3")


@pytest.mark.parametrize(
    ("text", "scheme", "seen"),
    [
        ("Đồng", "tcvn3", "§ång"),
        ("Nguyễn", "vni", "Nguyeãn"),
        ("Đồng bằng sông Hồng", "tcvn3", "§ång b»ng s«ng Hång"),
        ("Nguyễn Văn Hưng", "vni", "Nguyeãn Vaên Höng"),
        ("Nguyễn Văn Hưng", "viqr", "Nguye^~n Va(n Hu+ng"),
        ("Lực lượng", "tcvn3", "Lùc l\xadîng"),
        ("Tôi đi học", "viqr", "To^i ddi ho.c"),
    ],
)
def test_encode_gives_the_text_as_a_western_code_page_shows_it(
    text: str, scheme: str, seen: str
) -> None:
    assert legacy.encode(text, scheme) == seen  # type: ignore[arg-type]
    assert legacy.decode(seen, scheme) == text  # type: ignore[arg-type]


def test_encode_refuses_characters_the_scheme_cannot_hold_unless_asked() -> None:
    with pytest.raises(ValueError, match="cannot represent"):
        legacy.encode("Müller", "tcvn3")
    assert legacy.encode("Müller", "vni", errors="replace") == "M?ller"


@pytest.mark.parametrize("page", LEGACY_PAGES)
def test_encode_follows_the_code_page_the_file_was_read_with(page: str) -> None:
    seen = legacy.encode("Đinh Thị Ý", "tcvn3", codepage=page)
    assert legacy.decode(seen, "tcvn3", codepage=page) == "Đinh Thị ý"


GENERATED = vendored_rows("legacy-samples", "generated_vectors_unikey_tables.csv")


@pytest.mark.parametrize("row", GENERATED, ids=lambda row: row["unicode_nfc"][:30])
def test_generated_vectors_match_encoder_and_decoder(row: dict[str, str]) -> None:
    text = row["unicode_nfc"]
    assert legacy.encode(text, "tcvn3") == row["tcvn3_as_cp1252"]
    assert legacy.encode(text, "vni") == row["vni_as_cp1252"]
    assert legacy.encode(text, "viqr") == row["viqr"]
    assert legacy.decode(row["vni_as_cp1252"], "vni") == text
    assert legacy.decode(row["viqr"], "viqr") == text
    decoded = legacy.decode(row["tcvn3_as_cp1252"], "tcvn3")
    if row["tcvn3_lossless"] == "yes":
        assert decoded == text
    else:
        assert decoded.lower() == text.lower()


# Known bugs of the npm package's own vectors: (case, scheme) → what the vector really spells.
DUYDEV_VECTOR_BUGS = {
    # "du+." is "dự" in VIQR; the vector means "dụ" ("du.").
    ("specialDu", "viqr"): "Đây là một ví dự về VIQR",
}


@pytest.mark.parametrize(
    "row", vendored_rows("duydev", "test_vectors.csv"), ids=lambda r: r["case"]
)
def test_duydev_phrase_vectors_decode_except_their_known_bugs(row: dict[str, str]) -> None:
    for scheme in ("vni", "tcvn3", "viqr"):
        if row[scheme]:
            expected = DUYDEV_VECTOR_BUGS.get((row["case"], scheme), row["unicode"])
            assert legacy.decode(row[scheme], scheme) == expected  # type: ignore[arg-type]


def test_raw_legacy_bytes_decode_like_their_seen_form() -> None:
    assert legacy.decode_bytes(b"\xa7\xe5ng", "tcvn3") == "Đồng"
    assert legacy.decode_bytes(legacy.encode_bytes("Nguyễn", "cp1258"), "cp1258") == "Nguyễn"


def test_tcvn5712_vn1_upper_case_bytes_decode_without_loss() -> None:
    # glibc's TCVN5712-1 stores "Á" as 0x83 and "Ố" as 0xFF.
    assert legacy.decode_bytes(b"\x83nh \xffNG", "tcvn3") == "Ánh ỐNG"


@settings(max_examples=300, deadline=None)
@given(legacy_text(exclude=TCVN3_UPPER_LOSSY))
def test_tcvn3_round_trips_every_representable_string(text: str) -> None:
    for page in LEGACY_PAGES:
        assert legacy.decode(
            legacy.encode(text, "tcvn3", codepage=page), "tcvn3", codepage=page
        ) == (unicodedata.normalize("NFC", text))


@settings(max_examples=300, deadline=None)
@given(legacy_text())
def test_vni_round_trips_every_representable_string(text: str) -> None:
    for page in LEGACY_PAGES:
        assert (
            legacy.decode(legacy.encode(text, "vni", codepage=page), "vni", codepage=page) == text
        )


@settings(max_examples=300, deadline=None)
@given(legacy_text())
def test_viqr_round_trips_every_representable_string(text: str) -> None:
    assert legacy.decode(legacy.encode(text, "viqr"), "viqr") == text


@settings(max_examples=300, deadline=None)
@given(legacy_text())
def test_cp1258_round_trips_every_representable_string(text: str) -> None:
    assert legacy.decode(legacy.encode(text, "cp1258"), "cp1258") == text
