"""Vectorized column helpers agree with the per-value functions."""

from __future__ import annotations

import polars as pl

from dangvien.vn.columns import cccd_frame, fold_expr, name_frame, phone_frame, repair_frame
from dangvien.vn.identity import parse_cccd
from dangvien.vn.keys import fold
from dangvien.vn.names import name_key, normalize_name
from dangvien.vn.phones import normalize_phone
from dangvien.vn.text import repair

TEXTS = ["Nguyeãn Vaên Höng", "Hòa", None, "Hòa", "§ång b»ng", "Nguyễn Văn An"]
CCCD = ["038090012345", "38090012345", "123456789", "abc", None, "003090012345", "038 190 012345"]
PHONES = [
    "0912 345 678",
    "+84912345678",
    "912345678",
    "01688123456",
    "02438251234",
    "0912345678 / 0987654321",
    "x",
    None,
    "0601234567",
]


def test_repair_frame_matches_repair_row_by_row() -> None:
    frame = repair_frame(pl.Series(TEXTS))
    assert frame.height == len(TEXTS)
    for row, text in zip(frame.iter_rows(named=True), TEXTS, strict=True):
        if text is None:
            assert row["value"] is None
        else:
            result = repair(text)
            assert (row["value"], row["detected"], row["lossy"]) == (
                result.value,
                result.detected,
                result.lossy,
            )


def test_name_frame_matches_name_key() -> None:
    frame = name_frame(pl.Series(["Ông Nguyễn Văn Ân", None]))
    assert frame.row(0) == ("Nguyễn Văn Ân", name_key("Ông Nguyễn Văn Ân"))
    assert frame.row(1) == (None, None)


def test_fold_expr_matches_fold_on_clean_text() -> None:
    values = ["Nguyễn  Văn Ân", "ĐẶNG THỊ HOÀ", "Trần"]
    folded = pl.DataFrame({"v": values}).select(fold_expr(pl.col("v")))["v"].to_list()
    assert folded == [fold(value) for value in values]


def test_cccd_frame_matches_parse_cccd() -> None:
    frame = cccd_frame(pl.Series(CCCD))
    for row, raw in zip(frame.iter_rows(named=True), CCCD, strict=True):
        result = parse_cccd(raw or "")
        assert row["valid"] is (result.valid if raw is not None else None) or (
            raw is None and row["valid"] is None
        )
        if raw is not None:
            first = result.problems[0].code if result.problems else None
            assert row["problem"] == first
            assert row["suggestion"] == result.suggestion
            assert row["gender"] == result.gender


def test_phone_frame_matches_normalize_phone() -> None:
    frame = phone_frame(pl.Series(PHONES))
    for row, raw in zip(frame.iter_rows(named=True), PHONES, strict=True):
        if raw is None:
            assert row["kind"] == "invalid"
            continue
        result = normalize_phone(raw)
        assert (row["normalized"], row["kind"], row["carrier"]) == (
            result.normalized,
            result.kind,
            result.carrier,
        )


def test_name_frame_vectorized_path_agrees_with_normalize_name_on_many_shapes() -> None:
    values = [
        "nguyễn văn an",
        "NGUYỄN THỊ HÒA",
        "Trần  Thủy",
        "Ông Nguyễn Văn An",
        "Đ/c Lê Văn Tám",
        "H'hen Niê",
        "Nguyễn Văn An,",
        "Hoàng",
        "Nguyeãn Vaên Höng",
        "ĐẶNG quốc KHÁNH",
        "Lê Văn 2",
        "Chu Văn An",
        "Chú Nguyễn Văn An",
        "Cù Huy Cận",
        "Chử Đồng Tử",
    ]
    frame = name_frame(pl.Series(values))
    assert frame.get_column("name").to_list() == [normalize_name(value) for value in values]
    assert frame.get_column("key").to_list() == [name_key(value) for value in values]
    old = name_frame(pl.Series(values), tone_style="old").get_column("name").to_list()
    assert old == [normalize_name(value, tone_style="old") for value in values]
