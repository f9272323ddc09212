"""Benchmark of the Vietnamese text and identity core (dangvien.vn) on one core.

    python bench/bench_vn.py [--rows 1000000]

Prints one Markdown table: repair + accent-free keys for person names, CCCD checks and phone
normalization, each through the per-value API (with its caches) and the Polars column helpers.
Polars is pinned to one thread so every figure is per core.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl

from dangvien.vn import legacy
from dangvien.vn.columns import cccd_frame, name_frame, phone_frame, repair_frame
from dangvien.vn.identity import CCCD_PROVINCES, parse_cccd
from dangvien.vn.lexicon import known_syllables
from dangvien.vn.names import name_key
from dangvien.vn.phones import MOBILE_PREFIXES, OLD_TO_NEW_PREFIX, normalize_phone
from dangvien.vn.text import repair

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Lương",
    "Trịnh",
    "Mai",
    "Cao",
    "Hà",
]
MIDDLES = [
    "Văn",
    "Thị",
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quang",
    "Hữu",
    "Xuân",
    "Thị Thu",
    "Văn Minh",
    "Công",
    "Đình",
    "Thu",
    "Hồng",
    "Kim",
]


def _given_names() -> list[str]:
    syllables = [s for s, count in known_syllables().items() if count >= 20]
    return [s[:1].upper() + s[1:] for s in syllables]


def make_names(rows: int, rng: random.Random, defects: float = 0.02) -> list[str]:
    """NFC names; a share ``defects`` with legacy-font or spacing/case defects, as in real files."""
    given = _given_names()
    names: list[str] = []
    scale = defects / 0.02
    for _ in range(rows):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(given)}"
        roll = rng.random() / scale if scale else 1.0
        if roll < 0.008:
            name = legacy.encode(name, "vni")
        elif roll < 0.012:
            name = legacy.encode(name, "tcvn3")
        elif roll < 0.02:
            name = "  " + name.lower().replace(" ", "  ")
        names.append(name)
    return names


def make_distinct_names(rows: int, rng: random.Random) -> list[str]:
    """Clean names that never repeat: the worst case for the caches."""
    given = _given_names()
    seen: set[str] = set()
    while len(seen) < rows:
        seen.add(
            f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(given)} {rng.choice(given)}"
        )
    return list(seen)


def make_cccd(rows: int, rng: random.Random) -> list[str]:
    codes = list(CCCD_PROVINCES)
    out: list[str] = []
    for _ in range(rows):
        serial = f"{rng.randrange(100):02d}{rng.randrange(10**6):06d}"
        number = f"{rng.choice(codes)}{rng.choice('0123')}{serial}"
        roll = rng.random()
        if roll < 0.02:
            number = number.lstrip("0")  # Excel ate the zeros
        elif roll < 0.03:
            number = f"{number[:3]} {number[3:6]} {number[6:]}"
        out.append(number)
    return out


def make_phones(rows: int, rng: random.Random) -> list[str]:
    prefixes = list(MOBILE_PREFIXES)
    old = list(OLD_TO_NEW_PREFIX)
    out: list[str] = []
    for _ in range(rows):
        roll = rng.random()
        if roll < 0.05:
            out.append(f"{rng.choice(old)}{rng.randrange(10**7):07d}")
        elif roll < 0.08:
            out.append(f"{rng.choice(prefixes)[1:]}{rng.randrange(10**7):07d}")  # lost 0
        elif roll < 0.10:
            number = f"{rng.choice(prefixes)}{rng.randrange(10**7):07d}"
            out.append(f"+84 {number[1:4]} {number[4:7]} {number[7:]}")
        else:
            out.append(f"{rng.choice(prefixes)}{rng.randrange(10**7):07d}")
    return out


def _clear_caches() -> None:
    from dangvien.vn import detect, identity, names, phones, syllables, text, tones

    for function in (
        text._repair,
        text._token_fast,
        text.clean_value,
        names.may_start_title,
        detect.token_view,
        names._normalize,
        names.name_key,
        identity._parse,
        phones._normalize,
        syllables.parse,
        syllables.is_syllable,
        syllables.is_vietnamese_word,
        tones.fix_word,
    ):
        function.cache_clear()


def timed(label: str, rows: int, action: Callable[[], object]) -> tuple[str, int, float, float]:
    """Wall and CPU seconds of ``action`` with cold caches (CPU time is the per-core figure on a
    shared machine)."""
    _clear_caches()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return label, rows, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(20251122)
    names = make_names(args.rows, rng)
    clean_names = make_names(args.rows, rng, defects=0.0)
    distinct = make_distinct_names(args.distinct, rng)
    cccd = make_cccd(args.rows, rng)
    phones = make_phones(args.rows, rng)

    def names_per_value() -> None:
        for value in names:
            repair(value)
            name_key(value)

    def clean_per_value() -> None:
        for value in clean_names:
            repair(value)
            name_key(value)

    def distinct_per_value() -> None:
        for value in distinct:
            repair(value)
            name_key(value)

    def cccd_per_value() -> None:
        for value in cccd:
            parse_cccd(value)

    def phones_per_value() -> None:
        for value in phones:
            normalize_phone(value)

    def frame(function: Callable[[pl.Series], object], values: list[str]) -> Callable[[], object]:
        return lambda: function(pl.Series(values))

    n_clean, n_names, n_distinct = len(clean_names), len(names), len(distinct)
    results = [
        timed("clean names: name_frame (Polars)", n_clean, frame(name_frame, clean_names)),
        timed("clean names: repair_frame (Polars)", n_clean, frame(repair_frame, clean_names)),
        timed("clean names: repair + name_key per value", n_clean, clean_per_value),
        timed("clean names, all distinct: name_frame", n_distinct, frame(name_frame, distinct)),
        timed("clean names, all distinct: per value", n_distinct, distinct_per_value),
        timed("names, 2% defects: name_frame (Polars)", n_names, frame(name_frame, names)),
        timed("names, 2% defects: repair_frame (Polars)", n_names, frame(repair_frame, names)),
        timed("names, 2% defects: repair + name_key per value", n_names, names_per_value),
        timed("CCCD: cccd_frame (Polars)", len(cccd), frame(cccd_frame, cccd)),
        timed("CCCD: parse_cccd per value", len(cccd), cccd_per_value),
        timed("phones: phone_frame (Polars)", len(phones), frame(phone_frame, phones)),
        timed("phones: normalize_phone per value", len(phones), phones_per_value),
    ]
    print(
        f"distinct values: {len(set(clean_names)):,} clean names, {len(set(names)):,} names with "
        f"defects, {len(set(cccd)):,} CCCD, {len(set(phones)):,} phones"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| benchmark | rows | wall s | CPU s | rows per CPU-second |")
    print("|---|---:|---:|---:|---:|")
    for label, rows, wall, cpu in results:
        print(f"| {label} | {rows:,} | {wall:.2f} | {cpu:.2f} | {rows / cpu:,.0f} |")


if __name__ == "__main__":
    main()
