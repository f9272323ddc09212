import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from dangvien.demo import cli


def test_demo_data_writes_the_list_the_truth_and_the_orgs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, truth, orgs = tmp_path / "ds.xlsx", tmp_path / "loi.csv", tmp_path / "to_chuc.csv"
    code = cli.main(
        ["demo-data", "--members", "300", "--seed", "4", "--out", str(out),
         "--truth", str(truth), "--orgs", str(orgs)]
    )  # fmt: skip
    assert code == 0
    assert out.stat().st_size > 0
    assert orgs.stat().st_size > 0
    assert pl.read_csv(truth).height > 0
    assert "Đã tạo" in capsys.readouterr().out


def test_the_command_word_is_optional_and_options_are_honoured(tmp_path: Path) -> None:
    out = tmp_path / "ds.parquet"
    assert cli.main(["--members", "200", "--out", str(out), "--defect-rate", "0",
                     "--as-of", "2024-06-30"]) == 0  # fmt: skip
    members = pl.read_parquet(out)
    assert members.height == 200
    assert members["join_date"].str.slice(6).cast(pl.Int64).max() <= 2024  # type: ignore[operator]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--members", "abc", "--out", "x.csv"], "không phải số nguyên"),
        (["--members", "3", "--out", "x.csv"], "số đảng viên phải từ"),
        (["--out", "x.csv"], "thiếu tham số bắt buộc"),
        (["--members", "100", "--out", "x.txt"], "phải có đuôi"),
        (["--members", "100", "--out", "khong/co/thu/muc/x.csv"], "không tồn tại"),
        (["--members", "100", "--out", "x.csv", "--truth", "t.xlsx"], "phải có đuôi"),
        (["--members", "100", "--out", "x.csv", "--defect-rate", "2"], "tỷ lệ lỗi"),
        (["--members", "100", "--out", "x.csv", "--as-of", "10/12/2025"], "YYYY-MM-DD"),
        (["--members", "100", "--out", "x.csv", "--bogus"], "tham số không hợp lệ"),
    ],
)
def test_bad_arguments_exit_2_with_a_vietnamese_message(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_a_write_failure_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("bị từ chối")

    monkeypatch.setattr(cli, "write", refuse)
    assert cli.main(["--members", "100", "--out", str(tmp_path / "x.csv")]) == 1
    assert "không ghi được tệp" in capsys.readouterr().err


def test_help_is_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "Cách dùng: dangvien demo-data" in text
    assert "số đảng viên" in text


def test_another_process_with_another_hash_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for hash_seed in ("1", "987"):
        out = tmp_path / f"ds_{hash_seed}.csv"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-m", "dangvien.demo.cli", "--members", "400", "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
