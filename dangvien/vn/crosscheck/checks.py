"""Independent implementations to compare with: glibc iconv, npm vietnamese-conversion, viparse."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dangvien.vn import legacy
from dangvien.vn.charsets import letters

__all__ = ["Difference", "check_iconv", "check_npm", "check_viparse", "tcvn3_lossy_letters"]

# The subprocess calls below run fixed argument lists (no shell, no user input): S603 is moot.
# Known bugs of the other implementations, by (scheme, letter): why it is wrong.
NPM_KNOWN_BUGS = {
    **{
        (
            "vni",
            char,
        ): "HEAD maps it to a byte that collides with another VNI letter (2021 table was right)"
        for char in "ỶỷỸỹ"
    },
}
VIPARSE_KNOWN_BUGS = {
    ("vni", "Ẳ"): "left out on purpose (never seen in its corpus)",
    ("vni", "ẳ"): "left out on purpose (never seen in its corpus)",
    ("vni", "Ỵ"): "missing from its VNI table",
    ("vni", "ỵ"): "missing from its VNI table",
}


@dataclass(frozen=True, slots=True)
class Difference:
    tool: str
    scheme: str
    char: str
    ours: str
    theirs: str
    known_bug: str | None


def _letters() -> list[str]:
    return [letter.char for letter in letters() if not letter.char.isascii()]


def tcvn3_lossy_letters() -> set[str]:
    """Upper-case toned letters that one-font TCVN3 (ABC) stores as the lower-case byte."""
    table = {letter.char: letter.tcvn3 for letter in letters()}
    return {
        char for char in _letters() if char.isupper() and table.get(char.lower()) == table[char]
    }


def check_iconv(iconv: str = "iconv") -> list[Difference]:
    """glibc ``TCVN5712-1``: our ABC bytes must decode the same; its VN1 upper case must decode."""
    if shutil.which(iconv) is None:
        raise FileNotFoundError(iconv)
    chars = _letters()
    lossy = tcvn3_lossy_letters()
    ours_bytes = b"\n".join(legacy.encode_bytes(char, "tcvn3") for char in chars)
    decoded = (
        subprocess.run(  # noqa: S603
            [iconv, "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=ours_bytes,
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\n")
    )
    theirs_bytes = subprocess.run(  # noqa: S603
        [iconv, "-f", "UTF-8", "-t", "TCVN5712-1"],
        input="\n".join(chars).encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout.split(b"\n")
    differences: list[Difference] = []
    for char, their_reading, their_bytes in zip(chars, decoded, theirs_bytes, strict=True):
        expected = char.lower() if char in lossy else char
        if their_reading != expected:
            differences.append(Difference("iconv", "tcvn3", char, expected, their_reading, None))
        ours = legacy.decode_bytes(their_bytes, "tcvn3")
        if ours != char:
            differences.append(Difference("iconv", "tcvn3-vn1", char, ours, char, None))
    return differences


def check_viparse() -> list[Difference]:
    """PyPI ``viparse`` (TCVN3 and VNI tables) decoding our encodings of every letter."""
    from viparse.normalize import tables, tcvn3, vni  # type: ignore[import-not-found]

    charmaps = {"tcvn3": tcvn3.TCVN3, "vni": vni.VNI}
    lossy = tcvn3_lossy_letters()
    differences: list[Difference] = []
    for scheme, charmap in charmaps.items():
        for char in _letters():
            theirs = str(tables.convert(legacy.encode(char, scheme), charmap))  # type: ignore[arg-type]
            expected = char.lower() if scheme == "tcvn3" and char in lossy else char
            if theirs != expected:
                differences.append(
                    Difference(
                        "viparse",
                        scheme,
                        char,
                        expected,
                        theirs,
                        VIPARSE_KNOWN_BUGS.get((scheme, char)),
                    )
                )
    return differences


_NODE_HARNESS = """
const vc = require('vietnamese-conversion');
const chars = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {};
for (const c of chars) {
  const vni = vc.toVNI(c, 'unicode');
  const tcvn3 = vc.toTCVN3(c, 'unicode');
  out[c] = {vni, tcvn3, viqr: vc.toVIQR(c, 'unicode'),
            vni_back: vc.toUnicode(vni, 'vni'), tcvn3_back: vc.toUnicode(tcvn3, 'tcvn3')};
}
process.stdout.write(JSON.stringify(out));
"""


def check_npm(version: str = "2.0.0", workdir: Path | None = None) -> tuple[list[Difference], int]:
    """npm ``vietnamese-conversion``: its encodings vs ours, and how many VNI round trips it fails.

    Installs the package into a temporary directory (needs ``npm`` and the npm registry).
    """
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise FileNotFoundError("npm/node")
    with tempfile.TemporaryDirectory() as temporary:
        root = workdir or Path(temporary)
        subprocess.run(  # noqa: S603
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(root),
                f"vietnamese-conversion@{version}",
            ],
            check=True,
            capture_output=True,
        )
        harness = root / "harness.js"
        harness.write_text(_NODE_HARNESS, encoding="utf-8")
        completed = subprocess.run(  # noqa: S603
            [node, str(harness)],
            input=json.dumps(_letters()).encode("utf-8"),
            capture_output=True,
            check=True,
            cwd=root,
        )
    results: dict[str, dict[str, str]] = json.loads(completed.stdout)
    lossy = tcvn3_lossy_letters()
    differences: list[Difference] = []
    failed_round_trips = 0
    for char, theirs in results.items():
        if theirs["vni_back"] != char:
            failed_round_trips += 1
        for scheme in ("vni", "tcvn3", "viqr"):
            ours = legacy.encode(char, scheme)
            if theirs[scheme] == ours:
                continue
            note = NPM_KNOWN_BUGS.get((scheme, char))
            if scheme == "tcvn3" and char in lossy:
                note = "writes the upper-case base letter before the lower-case toned byte"
            differences.append(Difference("npm", scheme, char, ours, theirs[scheme], note))
    return differences, failed_round_trips
