"""The canonical status and RAG values, and a classified status.

Kept apart from :mod:`.status` (rapidfuzz, the phrase data) so that the record
classes in ``normalise/records.py`` can re-export them without loading those.
"""

from __future__ import annotations

from dataclasses import dataclass

StatusValue = str  # one of STATUS_VALUES
STATUS_VALUES = (
    "complete",
    "ongoing",
    "on_track",
    "in_progress",
    "behind",
    "not_started",
    "not_due",
    "unknown",
)
RAG_VALUES = ("green", "amber", "red", "blue", "grey")


@dataclass
class Status:
    raw: str
    value: StatusValue
    confidence: float  # 0..1
