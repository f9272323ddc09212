"""Person names: casing, honorifics, legacy fonts, accent-free keys."""

from __future__ import annotations

import pytest

from dangvien.vn.names import name_key, name_keys, normalize_name, normalize_names, split_name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("nguyễn  văn AN", "Nguyễn Văn An"),
        ("Đ/c Nguyễn Văn An", "Nguyễn Văn An"),
        ("đồng chí trần thị bình", "Trần Thị Bình"),
        ("Ông Nguyễn Văn An", "Nguyễn Văn An"),
        ("Bà Trần Thị Thủy", "Trần Thị Thuỷ"),
        ("Thượng tá Lê Văn Tám", "Lê Văn Tám"),
        ("TS. Phạm Minh Hòa", "Phạm Minh Hoà"),
        ("Ông Văn Dũng", "Ông Văn Dũng"),  # Ông is the surname here
        ("Anh Tuấn", "Anh Tuấn"),  # too short to be "anh" + a name
        ("NguyÔn V¨n An", "Nguyễn Văn An"),  # TCVN3
        ("Nguyeãn Vaên Höng", "Nguyễn Văn Hưng"),  # VNI
        ("H'hen Niê", "H'Hen Niê"),
        ("NGUYỄN THỊ ÁNH.", "Nguyễn Thị Ánh"),
    ],
)
def test_names_are_normalized(raw: str, name: str) -> None:
    assert normalize_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        # Surnames that fold like a form of address ("Chu"/"Chử" ~ "Chú", "Cù" ~ "Cụ") stay.
        ("Chu Văn An", "Chu Văn An"),
        ("Cù Huy Cận", "Cù Huy Cận"),
        ("Chử Đồng Tử", "Chử Đồng Tử"),
        ("CHỬ THỊ HOA", "Chử Thị Hoa"),
        ("Chu Nguyễn Văn An", "Chu Nguyễn Văn An"),
        ("Cù Nguyễn Văn Hải", "Cù Nguyễn Văn Hải"),
        ("Cổ Lê Hoa", "Cổ Lê Hoa"),
        ("Đồng Chí Thanh", "Đồng Chí Thanh"),  # the Đồng family, not "đồng chí"
        # The forms of address themselves, with their diacritics, are stripped.
        ("Chú Nguyễn Văn An", "Nguyễn Văn An"),
        ("Cụ Nguyễn Văn An", "Nguyễn Văn An"),
        ("chú Chu Văn An", "Chu Văn An"),
        ("Cụ Cù Huy Cận", "Cù Huy Cận"),
        ("Ông Chử Văn An", "Chử Văn An"),
        ("Bà Lò Thị Hoa", "Lò Thị Hoa"),
        ("Dì Lê Thị Hoa", "Lê Thị Hoa"),
        ("Đại úy Lê Văn Tám", "Lê Văn Tám"),
        ("Mẹ Việt Nam Anh hùng Nguyễn Thị Thứ", "Nguyễn Thị Thứ"),
        ("PGS.TS. Nguyễn Văn An", "Nguyễn Văn An"),
        # Without any diacritics "chu"/"cu" may be a surname: kept; unambiguous titles go.
        ("Chu Nguyen Van An", "Chu Nguyen Van An"),
        ("Cu Nguyen Van Hai", "Cu Nguyen Van Hai"),
        ("Ong Nguyen Van An", "Nguyen Van An"),
        ("Dai uy Le Van Tam", "Le Van Tam"),
        ("Dong chi Tran Thi Binh", "Tran Thi Binh"),
        ("Dong Chi Thanh", "Dong Chi Thanh"),
    ],
)
def test_only_forms_of_address_are_stripped_never_a_surname(raw: str, name: str) -> None:
    assert normalize_name(raw) == name


def test_name_keys_of_chu_cu_chu_families_keep_the_surname() -> None:
    assert name_key("Chu Văn An") == "chu van an"
    assert name_key("Cù Huy Cận") == "cu huy can"
    assert name_key("Chử Đồng Tử") == "chu dong tu"
    assert name_key("Chu Văn An") != name_key("Văn An")
    assert name_key("Chú Nguyễn Văn An") == name_key("Nguyễn Văn An")


def test_old_tone_style_can_be_configured() -> None:
    assert normalize_name("bà trần thị thuỷ", tone_style="old") == "Trần Thị Thủy"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Nguyễn Văn Ân", "nguyen van an"),
        ("NGUYEN VAN AN", "nguyen van an"),
        ("Đặng Thị Hòa", "dang thi hoa"),
        ("Nguyeãn Vaên Höng", "nguyen van hung"),
    ],
)
def test_keys_are_accent_free_lower_case(raw: str, key: str) -> None:
    assert name_key(raw) == key


def test_a_key_collides_for_different_people_by_design() -> None:
    # "Ân" and "An" are different names: keys are for blocking, never for deciding identity.
    assert name_key("Nguyễn Văn Ân") == name_key("Nguyễn Văn An")
    assert normalize_name("Nguyễn Văn Ân") != normalize_name("Nguyễn Văn An")


def test_batch_forms_equal_single_forms() -> None:
    values = ["nguyễn văn an", "Ông Lê Văn B", "nguyễn văn an"]
    assert normalize_names(values) == [normalize_name(value) for value in values]
    assert name_keys(values) == [name_key(value) for value in values]


def test_split_name_gives_surname_middle_and_given_name() -> None:
    parts = split_name("nguyễn thị ngọc ánh")
    assert (parts.surname, parts.middle, parts.given) == ("Nguyễn", "Thị Ngọc", "Ánh")
    assert split_name("Ánh").given == "Ánh"
