"""Benchmark of the demo commune generator, end to end through its command line.

    python bench/bench_demo.py            # 1,100 / 100,000 / 1,000,000 to parquet, 200,000 to xlsx
    python bench/bench_demo.py --quick    # 1,100 and 100,000 only

Each run is a fresh `python -m dangvien.demo.cli demo-data …` process, so the wall time includes
interpreter start-up, imports, generation and writing, as a user would see it. The acceptance
target is 1,000,000 members to parquet in under 60 s on the 2-core development machine; the script
exits with status 1 when a run misses it. The machine is shared with other work: the script prints
the load average, and the CPU seconds of each run (user + system, all threads), which contention
changes much less than the wall time.
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
RUNS = ((1_100, ".parquet"), (100_000, ".parquet"), (1_000_000, ".parquet"), (200_000, ".xlsx"))
QUICK_RUNS = RUNS[:2]
LIMIT_SECONDS = 60.0  # for 1,000,000 members to parquet


def run(members: int, suffix: str, folder: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak memory (MiB) and output size (bytes) of one CLI run."""
    out = folder / f"demo_{members}{suffix}"
    command = [
        sys.executable, "-m", "dangvien.demo.cli", "demo-data",
        "--members", str(members), "--seed", "2025", "--out", str(out),
        "--truth", str(folder / f"truth_{members}.csv"),
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"demo-data failed for {members} members ({suffix})")
    peak_mib = usage.ru_maxrss / 1024  # Linux reports KiB
    return elapsed, usage.ru_utime + usage.ru_stime, peak_mib, out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the two large runs")
    args = parser.parse_args()
    failed = False
    load = os.getloadavg()[0]
    print(f"load average before: {load:.1f} on {os.cpu_count()} cores")
    columns = ("wall s", "cpu s", "peak MiB", "file MiB")
    print(f"{'members':>10}  {'format':<8} " + " ".join(f"{c:>9}" for c in columns))
    with tempfile.TemporaryDirectory(prefix="bench_demo_") as tmp:
        for members, suffix in QUICK_RUNS if args.quick else RUNS:
            seconds, cpu, peak, size = run(members, suffix, Path(tmp))
            print(
                f"{members:>10,}  {suffix[1:]:<8} {seconds:>9.1f} {cpu:>9.1f} {peak:>9.0f} "
                f"{size / 2**20:>9.1f}",
                flush=True,
            )
            if members == 1_000_000 and suffix == ".parquet" and seconds >= LIMIT_SECONDS:
                print(f"  over the {LIMIT_SECONDS:.0f} s target", file=sys.stderr)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
