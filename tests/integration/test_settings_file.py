"""The settings file is loaded by `import` (--config, $PLANTABLES_CONFIG, ./plantables.toml) and changes
what the import writes; a broken file is one line with its line number, exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.normalise.config import ENV_VAR
from plantables.schema import db

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HARBOURSIDE = SAMPLES / "harbourside_2024_26.txt"
WESTMOOR = SAMPLES / "westmoor_2016_17.txt"
KINGSBRIDGE = SAMPLES / "kingsbridge_2023_24.txt"

# an organisation whose "Delayed" means the work has not started yet
SETTINGS = """
[status]
"Delayed" = "not_started"

[leads]
high = 60
low = 50
"""


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _import(url: str, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["import", str(HARBOURSIDE), str(WESTMOOR), str(KINGSBRIDGE), "--db", url, "-j", "0", "-q", *args],
                              env=env)


def _scalar(url: str, sql: str):
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar()
    finally:
        engine.dispose()


def _db(request, kind: str, tmp_path: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / name}"
    return request.getfixturevalue("pg_url")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_settings_file_changes_statuses_and_lead_matching(request, kind, clean_env):
    plain = _db(request, "sqlite", clean_env, "plain.db")
    assert _import(plain).exit_code == 0
    config = clean_env / "settings.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    url = _db(request, kind, clean_env, "configured.db")
    result = _import(url, "--config", str(config))
    assert result.exit_code == 0, result.output

    behind = "SELECT count(*) FROM action_overview WHERE status_raw = 'Delayed' AND status = '{}'"
    delayed = _scalar(plain, behind.format("behind"))
    assert delayed > 0
    assert _scalar(url, behind.format("not_started")) == delayed
    # looser thresholds: more spellings join a lead (fewer leads), and some are put up for review
    assert _scalar(url, "SELECT count(*) FROM leads") < _scalar(plain, "SELECT count(*) FROM leads")
    suggested = "SELECT count(*) FROM lead_aliases WHERE decision = 'suggested'"
    assert _scalar(url, suggested) > _scalar(plain, suggested) == 0


def test_env_var_and_working_directory_file_are_found_and_reach_worker_processes(clean_env):
    config = clean_env / "elsewhere.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    by_env = f"sqlite:///{clean_env / 'env.db'}"
    result = CliRunner().invoke(cli, ["import", str(HARBOURSIDE), "--db", by_env, "-j", "1", "-q"],
                                env={ENV_VAR: str(config)})
    assert result.exit_code == 0, result.output
    assert _scalar(by_env, "SELECT count(*) FROM actions WHERE status_raw = 'Delayed' AND status = 'not_started'") > 0

    shutil.copy(config, clean_env / "plantables.toml")
    local = f"sqlite:///{clean_env / 'local.db'}"
    assert _import(local).exit_code == 0
    assert _scalar(local, "SELECT count(*) FROM actions WHERE status_raw = 'Delayed' AND status = 'behind'") == 0


@pytest.mark.parametrize("text, words", [
    ('[status]\n"Delayed" = "not_started"\nbroken line here\n', ["line 3"]),
    ('[status]\n"Delayed" = "late"\n', ["must be one of"]),
    ('[imports]\nexclude = ["*.bak"]\n', ["unknown table", "imports"]),
])
def test_a_broken_settings_file_is_one_line_and_exit_2(clean_env, text, words):
    bad = clean_env / "plantables.toml"
    bad.write_text(text, encoding="utf-8")
    url = f"sqlite:///{clean_env / 'x.db'}"
    for args, env in ((["--config", str(bad)], None), ([], {ENV_VAR: str(bad)}), ([], None)):
        result = _import(url, *args, env=env)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.output, result.output
        assert str(bad) in lines[0] and all(w in lines[0] for w in words), lines[0]
    assert not (clean_env / "x.db").exists()  # nothing was imported


def test_a_missing_settings_file_named_explicitly_is_an_error(clean_env):
    result = _import(f"sqlite:///{clean_env / 'x.db'}", "--config", str(clean_env / "nope.toml"))
    assert result.exit_code == 2 and "settings file not found" in result.output


def test_excluded_globs_of_the_settings_file_add_to_the_command_line(clean_env):
    folder = clean_env / "plans"
    folder.mkdir()
    for path in (HARBOURSIDE, WESTMOOR, KINGSBRIDGE, SAMPLES / "westmoor_2016_17.layout.txt"):
        shutil.copy(path, folder / path.name)
    (clean_env / "plantables.toml").write_text('[import]\nexclude = ["*.layout.txt"]\n', encoding="utf-8")
    url = f"sqlite:///{clean_env / 'x.db'}"
    result = CliRunner().invoke(cli, ["import", str(folder), "--db", url, "-j", "0", "-q", "--exclude", "king*"])
    assert result.exit_code == 0, result.output
    engine = db.make_engine(url)
    with engine.connect() as conn:
        names = sorted(conn.execute(sa.text("SELECT file_name FROM documents")).scalars())
    engine.dispose()
    assert names == ["harbourside_2024_26.txt", "westmoor_2016_17.txt"]
