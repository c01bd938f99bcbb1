"""User settings file: where it is found, what it changes, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.model import ExtractError
from plantables.normalise.config import ENV_VAR, Config, ConfigError, load_config
from plantables.normalise.leads import split_leads
from plantables.vocabulary.status import classify_status

GOOD = """
[glossary]
HoCP = "Head of Child Protection"
IFD = "Integrated Front Door"

[status]
"parked" = "not_started"
"signed off by board" = "complete"

[leads]
high = 95
low = 80
"""


@pytest.fixture
def no_config(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_a_file(no_config):
    cfg = load_config()
    assert cfg == Config()
    assert (cfg.lead_high, cfg.lead_low, cfg.path) == (90.0, 75.0, None)


def test_file_changes_glossary_status_and_thresholds(no_config):
    path = no_config / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    cfg = load_config(path)
    assert cfg.path == path
    assert classify_status("Parked", vocabulary=cfg.status_vocabulary()).value == "not_started"
    assert classify_status("Parked").value == "unknown"
    glossary = cfg.lead_glossary()
    assert split_leads("HoCP/HoS TS", glossary=glossary) == ["HoCP", "HoS TS"]
    assert split_leads("HoS/ IFD", glossary=glossary) == ["HoS/ IFD"]  # a qualifier, not a role
    registry = cfg.lead_registry("Somewhere")
    assert (registry.high, registry.low, registry.organisation) == (95.0, 80.0, "Somewhere")
    registry.add_lead("Head of Child Protection")
    assert registry.resolve("HoCP").lead == "Head of Child Protection"


def test_found_through_env_then_working_directory(no_config, monkeypatch):
    (no_config / "plantables.toml").write_text('[leads]\nhigh = 91\n', encoding="utf-8")
    assert load_config().lead_high == 91.0
    other = no_config / "elsewhere.toml"
    other.write_text('[leads]\nhigh = 97\nlow = 60\n', encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(other))
    assert (load_config().lead_high, load_config().lead_low) == (97.0, 60.0)
    assert load_config(no_config / "plantables.toml").lead_high == 91.0  # an explicit path wins


@pytest.mark.parametrize(
    "text, problem",
    [
        ("[leads\nhigh = 9", "not valid TOML"),
        ("[colours]\nred = 1", "unknown table"),
        ('[status]\n"parked" = "paused"', "must be one of"),
        ("[status]\nparked = 3", "expected a non-empty text"),
        ("[leads]\nhigh = 120", "from 0 to 100"),
        ("[leads]\nhigh = 70\nlow = 80", "low (80.0) is above high (70.0)"),
        ("[leads]\nhight = 70", "unknown key"),
        ("glossary = 3", "must be a table"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(no_config, text, problem):
    path = no_config / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert isinstance(err.value, ExtractError)  # the CLI reports it like any bad input
    assert str(path) in str(err.value) and problem in str(err.value)


def test_missing_named_file_is_an_error(no_config, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(no_config / "nope.toml"))
    with pytest.raises(ConfigError, match="nope.toml: settings file not found"):
        load_config()


def test_module_doc_example_is_a_valid_file(no_config):
    """The format documented in the module docstring loads as written."""
    import plantables.normalise.config as mod

    doc = mod.__doc__
    example = doc[doc.index("    # plantables.toml") : doc.index("An abbreviation whose")]
    lines = [line[4:] for line in example.splitlines()]
    path = no_config / "doc.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    cfg = load_config(path)
    assert cfg.glossary["HoCP"] == "Head of Child Protection"
    assert cfg.status_phrases["awaiting funding"] == "not_started"
    assert (cfg.lead_high, cfg.lead_low) == (90.0, 75.0)


def test_paths_may_be_strings(no_config):
    path = no_config / "s.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_config(str(path)).path == Path(str(path))
