"""Benchmark of the intake reader on a 200,000-member legacy workbook.

    python bench/bench_intake.py                 # 200,000 members, 3 timed runs of each reader
    python bench/bench_intake.py --members 20000 --runs 1
    python bench/bench_intake.py --workbook /tmp/demo_200000.xlsx   # write once, then reuse

The workbook is the demo generator's legacy export (title rows, two-row merged header, STT,
totals row, signature block; 32 columns). Each timed read runs in a fresh interpreter so that no
cache of `dangvien.vn` is warm; the clock covers the read call only, not the imports. Compared:

- bare: `polars.read_excel(path)` (calamine through fastexcel, first sheet, types inferred);
- ours: `dangvien.intake.read_members(path)` (every sheet, header detection, mapping, legacy-font
  repair, dates, provenance, the canonical table).

The best of the runs is reported for each, with the ratio against the target of 1.5×, in wall
time and in CPU time of the reading thread (less sensitive to other work sharing the machine).
The values read are then checked against the generator (raw text equal to what it wrote, dates
parsed as `dangvien.vn` parses that text); the script exits with status 1 when they differ.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5

BARE = """
import sys, time
import polars as pl
started, cpu = time.perf_counter(), time.thread_time()
frame = pl.read_excel(sys.argv[1])
print(time.perf_counter() - started, time.thread_time() - cpu, frame.height)
"""
OURS = """
import sys, time
from dangvien.intake import read_members
started, cpu = time.perf_counter(), time.thread_time()
result = read_members(sys.argv[1])
print(time.perf_counter() - started, time.thread_time() - cpu, result.records)
"""


def timed(code: str, path: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the calling thread, and rows read, in a fresh interpreter."""
    output = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(output[0]), float(output[1]), int(output[2])


def write_workbook(members: int, folder: Path, reuse: Path | None) -> tuple[Path, object]:
    """The demo workbook (written unless `reuse` names one written earlier with the same size)."""
    from dangvien.demo import generate
    from dangvien.demo.writers import write

    commune = generate(members, seed=2025)
    if reuse is not None and reuse.exists():
        return reuse, commune
    return write(commune, reuse or folder / f"demo_{members}.xlsx"), commune


def check_round_trip(path: Path, commune: object) -> list[str]:
    """Differences between what was read and what the generator wrote (empty when none)."""
    import polars as pl

    from dangvien.intake import read_members
    from dangvien.quality.dictionary import Kind, member_field
    from dangvien.vn.dates import parse_date

    members: pl.DataFrame = commune.members  # type: ignore[attr-defined]
    table = read_members(path).table
    problems: list[str] = []
    if table.height != members.height:
        return [f"{table.height} records read, {members.height} written"]
    for name in members.columns[1:]:
        raw = table.get_column(f"{name}__raw")
        differs = int((raw.ne_missing(members.get_column(name))).sum())
        if differs:
            problems.append(f"{name}: {differs} raw values differ")
        if member_field(name).kind is Kind.DATE:
            texts = members.get_column(name)
            distinct = texts.drop_nulls().unique().to_list()
            parsed = {text: parse_date(text).value for text in distinct}
            expected = texts.replace_strict(
                distinct, [parsed[t] for t in distinct], default=None, return_dtype=pl.Date
            )
            wrong = int(table.get_column(name).ne_missing(expected).sum())
            if wrong:
                problems.append(f"{name}: {wrong} dates differ")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workbook", type=Path, help="reuse (or keep) the demo workbook at this path"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_intake_") as tmp:
        started = time.perf_counter()
        path, commune = write_workbook(args.members, Path(tmp), args.workbook)
        size = path.stat().st_size / 2**20
        elapsed = time.perf_counter() - started
        print(f"workbook: {path.name}, {size:.1f} MiB, written in {elapsed:.0f} s")
        bare: list[tuple[float, float]] = []
        ours: list[tuple[float, float]] = []
        rows = records = 0
        load = os.getloadavg()[0]
        for _ in range(args.runs):  # alternate, so that a busy moment hurts both alike
            wall, cpu, rows = timed(BARE, path)
            bare.append((wall, cpu))
            wall, cpu, records = timed(OURS, path)
            ours.append((wall, cpu))
        load = max(load, os.getloadavg()[0])
        print(f"load average during the runs: up to {load:.1f} on {os.cpu_count()} cores")
        print(f"{'':24}{'wall s':>8}{'main-thread CPU s':>19}   runs (wall)")
        for label, runs, count in (
            ("bare polars.read_excel", bare, f"{rows:,} rows"),
            ("dangvien read_members", ours, f"{records:,} records"),
        ):
            walls = ", ".join(f"{wall:.2f}" for wall, _ in runs)
            best_wall, best_cpu = min(w for w, _ in runs), min(c for _, c in runs)
            print(f"{label:24}{best_wall:8.2f}{best_cpu:19.2f}   {walls} ({count})")
        ratio = min(w for w, _ in ours) / min(w for w, _ in bare)
        cpu_ratio = min(c for _, c in ours) / min(c for _, c in bare)
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(f"ratio, wall time        : {ratio:6.2f}×  ({verdict} the {TARGET_RATIO}× target)")
        print(f"ratio, main-thread CPU  : {cpu_ratio:6.2f}×")
        problems = check_round_trip(path, commune)
    if problems:
        print("round trip: FAILED")
        for problem in problems:
            print("  " + problem)
        return 1
    print("round trip: every raw text and date equals the generator's")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
