"""User settings for normalisation, from a TOML file.

Where the file is looked for, first hit wins:

1. the ``path`` given to :func:`load_config` (the CLI's ``--config``);
2. the file named by the environment variable ``PLANTABLES_CONFIG``;
3. ``./plantables.toml`` in the working directory.

No file means the defaults. The format (every table optional)::

    # plantables.toml
    [glossary]                 # abbreviation = expansion; adds to or overrides
    HoCP = "Head of Child Protection"     # the shipped data/glossary.toml
    IFD  = "Integrated Front Door"

    [status]                   # phrase = canonical status; adds to vocabulary/data/status.toml
    "signed off by board" = "complete"
    "awaiting funding"    = "not_started"
    # canonical statuses: complete, ongoing, on_track, in_progress, behind,
    # not_started, not_due, unknown

    [leads]                    # rapidfuzz thresholds (0..100) of LeadRegistry
    high = 90                  # at or above: an alias joins the lead (auto)
    low  = 75                  # from low to high: suggested for review; below: new lead

    [import]                   # files passed over in folders (globs on the path or the name),
    exclude = ["*.bak", "*/drafts/*"]   # added to `import --exclude`

An abbreviation whose expansion names a post or a body (``Head of …``,
``… Manager``, ``… Board``) can start a new lead inside one cell; the others
only qualify a role. A bad file raises :class:`ConfigError` naming the file
and the problem.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from plantables.extract.model import ExtractError
from plantables.vocabulary.values import STATUS_VALUES

# loaded when a file is in force: `import` checks for one before its no-op re-run path
if TYPE_CHECKING:
    from plantables.normalise.lead_names import Glossary
    from plantables.vocabulary.status import StatusVocabulary

ENV_VAR = "PLANTABLES_CONFIG"
DEFAULT_FILE = "plantables.toml"


class ConfigError(ExtractError):
    """The settings file could not be used; the message names the file and why."""


@dataclass(frozen=True)
class Config:
    """Normalisation settings (defaults documented in the module docstring)."""

    glossary: Mapping[str, str] = field(default_factory=dict)  # user entries only
    status_phrases: Mapping[str, str] = field(default_factory=dict)  # user entries only
    lead_high: float = 90.0
    lead_low: float = 75.0
    path: Path | None = None  # the file read, if any
    exclude: tuple[str, ...] = ()  # [import] exclude: globs of files to pass over

    def lead_glossary(self) -> Glossary:
        """The shipped glossary with the user's entries on top."""
        from plantables.normalise.lead_names import Glossary

        base = Glossary.default()
        return base.extended(self.glossary) if self.glossary else base

    def status_vocabulary(self) -> StatusVocabulary:
        """The shipped status vocabulary with the user's phrases added."""
        from plantables.vocabulary.status import StatusVocabulary

        base = StatusVocabulary.default()
        return base.with_phrases(self.status_phrases) if self.status_phrases else base

    def lead_registry(self, organisation: str | None):
        """An empty :class:`~plantables.normalise.leads.LeadRegistry` with these settings."""
        from plantables.normalise.leads import LeadRegistry

        return LeadRegistry(organisation, high=self.lead_high, low=self.lead_low,
                            glossary=self.lead_glossary())


def find_config(path: str | os.PathLike | None = None) -> Path | None:
    """The settings file to read: ``path``, else ``$PLANTABLES_CONFIG``, else ``./plantables.toml``."""
    if path:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    local = Path.cwd() / DEFAULT_FILE
    return local if local.is_file() else None


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read the settings file (see the module docstring); defaults when there is none."""
    found = find_config(path)
    if found is None:
        return Config()
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(found), "settings file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(found), f"cannot read settings file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(found), f"not valid TOML: {exc}") from None
    return parse_config(data, source=found)


def parse_config(data: Mapping, *, source: Path | None = None) -> Config:
    """Check and convert the parsed TOML tables into a :class:`Config`."""
    where = str(source) if source else "<settings>"
    unknown = set(data) - {"glossary", "status", "leads", "import"}
    if unknown:
        raise ConfigError(where, f"unknown table(s) {', '.join(sorted(unknown))}; "
                                 "expected [glossary], [status], [leads], [import]")
    glossary = _string_table(data.get("glossary", {}), "glossary", where)
    status = _string_table(data.get("status", {}), "status", where)
    for phrase, value in status.items():
        if value not in STATUS_VALUES:
            raise ConfigError(where, f"[status] {phrase!r} = {value!r}: the value must be one of "
                                     f"{', '.join(STATUS_VALUES)}")
    leads = data.get("leads", {})
    if not isinstance(leads, Mapping):
        raise ConfigError(where, "[leads] must be a table")
    extra = set(leads) - {"high", "low"}
    if extra:
        raise ConfigError(where, f"[leads] has unknown key(s) {', '.join(sorted(extra))}; "
                                 "expected high, low")
    high = _threshold(leads.get("high", 90.0), "high", where)
    low = _threshold(leads.get("low", 75.0), "low", where)
    if low > high:
        raise ConfigError(where, f"[leads] low ({low}) is above high ({high})")
    return Config(glossary, status, high, low, source, _exclude(data.get("import", {}), where))


def _exclude(table: object, where: str) -> tuple[str, ...]:
    if not isinstance(table, Mapping) or set(table) - {"exclude"}:
        raise ConfigError(where, "[import] takes one key: exclude = [\"GLOB\", …]")
    globs = table.get("exclude", [])
    if not isinstance(globs, list) or not all(isinstance(g, str) and g.strip() for g in globs):
        raise ConfigError(where, f"[import] exclude must be a list of glob strings, got {globs!r}")
    return tuple(g.strip() for g in globs)


def _string_table(table: object, name: str, where: str) -> dict[str, str]:
    if not isinstance(table, Mapping):
        raise ConfigError(where, f"[{name}] must be a table of name = \"text\" pairs")
    out: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip() or not str(key).strip():
            raise ConfigError(where, f"[{name}] {key!r}: expected a non-empty text value, got {value!r}")
        out[str(key).strip()] = value.strip()
    return out


def _threshold(value: object, name: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConfigError(where, f"[leads] {name} must be a number from 0 to 100, got {value!r}")
    return float(value)


# --- the settings in force -----------------------------------------------------
# The normaliser's field parsers run deep below read_plan (and in worker
# processes), so the settings travel as a picklable Config and are put in force
# around the work with :func:`using`; the parsers ask :func:`glossary` and
# :func:`status_vocabulary`, which are None (the shipped defaults) when no file
# is in force.


@dataclass(frozen=True)
class _InForce:
    config: Config
    glossary: Glossary | None
    vocabulary: StatusVocabulary | None


_IN_FORCE: ContextVar[_InForce | None] = ContextVar("plantables_config", default=None)


@contextmanager
def using(config: Config | None) -> Iterator[None]:
    """Put ``config`` in force for the normaliser and the lead matcher inside the block."""
    if config is None or config == Config():
        yield
        return
    token = _IN_FORCE.set(_InForce(
        config,
        config.lead_glossary() if config.glossary else None,
        config.status_vocabulary() if config.status_phrases else None,
    ))
    try:
        yield
    finally:
        _IN_FORCE.reset(token)


def in_force() -> Config:
    """The settings in force (the defaults outside :func:`using`)."""
    active = _IN_FORCE.get()
    return active.config if active else Config()


def glossary() -> Glossary | None:
    """The glossary in force; None means the shipped one."""
    active = _IN_FORCE.get()
    return active.glossary if active else None


def status_vocabulary() -> StatusVocabulary | None:
    """The status vocabulary in force; None means the shipped one."""
    active = _IN_FORCE.get()
    return active.vocabulary if active else None
