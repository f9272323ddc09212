"""``python -m dangvien.vn.crosscheck [iconv] [viparse] [npm]``: differences; exit 1 on new ones."""

from __future__ import annotations

import sys
from collections.abc import Callable

from dangvien.vn.crosscheck.checks import Difference, check_iconv, check_npm, check_viparse


def _npm() -> list[Difference]:
    differences, failed = check_npm()
    print(f"npm vietnamese-conversion: {failed} letters fail its own VNI round trip")
    return differences


def main(argv: list[str]) -> int:
    checks: dict[str, Callable[[], list[Difference]]] = {
        "iconv": check_iconv,
        "viparse": check_viparse,
        "npm": _npm,
    }
    unexpected = 0
    for name in argv or list(checks):
        try:
            differences = checks[name]()
        except (FileNotFoundError, ImportError) as error:
            print(f"{name}: skipped ({error})")
            continue
        known = [d for d in differences if d.known_bug]
        new = [d for d in differences if not d.known_bug]
        print(f"{name}: {len(known)} known-bug differences, {len(new)} unexpected")
        for difference in new:
            print(
                f"  {difference.scheme} {difference.char}: ours {difference.ours!r} "
                f"theirs {difference.theirs!r}"
            )
        unexpected += len(new)
    return 1 if unexpected else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
