"""The CLI through typer's CliRunner: data on stdout, messages on stderr, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "reports"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--store", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return str(path)


def test_build_prints_a_summary(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES / "renda_2023.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "1 reports (1 built" in result.stderr
    assert "triples" in result.stderr and "body" in result.stderr


def test_stats_json(store):
    result = runner.invoke(app, ["stats", "--store", store, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["reports"] == 3 and data["entities"]["body"] > 10


def test_validate_passes_on_built_store(store):
    result = runner.invoke(app, ["validate", "--store", store])
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.stderr


def test_extract_json_and_yaml(tmp_path):
    for fmt in ("json", "yaml"):
        out = tmp_path / fmt
        result = runner.invoke(app, ["extract", str(EXAMPLES), "--out", str(out), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == [f"fayuan_2023.{fmt}", f"renda_2023.{fmt}", f"zhengxie_2023.{fmt}"]


def test_extract_unknown_format_is_usage_error(tmp_path):
    result = runner.invoke(app, ["extract", str(EXAMPLES), "--out", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'json', 'yaml'" in result.stderr


def test_evaluate_examples_table_and_json():
    result = runner.invoke(app, ["evaluate", str(EXAMPLES), str(ROOT / "examples" / "gold")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split()[:4] == ["type", "P", "R", "F1"]
    result = runner.invoke(app, ["evaluate", str(EXAMPLES), str(ROOT / "examples" / "gold"), "--format", "json"])
    data = json.loads(result.stdout)
    assert set(data["per_report"]) == {"renda_2023", "zhengxie_2023", "fayuan_2023"}
    assert 0 < data["micro"]["laws"]["f1"] <= 1


def test_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no graph has been built here yet" in result.stderr
    assert "Traceback" not in result.output


def test_missing_input_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "missing.txt: no such file or folder" in result.stderr


def test_unknown_store_url_is_a_clear_error():
    result = runner.invoke(app, ["stats", "--store", "ftp://example/x"])
    assert result.exit_code == 1 and "unknown store URL" in result.stderr


def test_an_os_error_without_a_file_names_the_store(tmp_path, monkeypatch):
    """A full disk raises OSError with no file name: the one-line message still says where."""
    import errno

    import etl.pipeline

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(etl.pipeline, "build", full_disk)
    target = tmp_path / "s"
    result = runner.invoke(app, ["build", str(EXAMPLES / "renda_2023.txt"), "--store", str(target)])
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and "No space left on device" in line and str(target) in line
    assert "(no file)" not in line
