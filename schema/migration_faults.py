"""A test hook: SIGKILL the process at a chosen point of a migration (issue 16, fault tests).

``PLANTABLES_KILL_IN_MIGRATION=REV:POINT`` kills the process running the migrations when migration
``REV`` (its revision id, e.g. ``0005_action_cells``) reaches ``POINT``:

* ``N`` (1, 2, …): right after the migration's N-th SQL statement ran;
* ``unrecorded``: when every statement of the migration ran but its revision is not yet written to
  ``alembic_version`` (on MariaDB, whose DDL commits statement by statement, the worst moment);
* ``recorded``: right after its revision was written (and before the next migration starts).

The tests kill an import at each migration in turn and check that the next run repairs or finishes
what was left. Unset (every normal run), :func:`arm` is one environment look-up in
``migrations/env.py``, which runs only when the schema is behind: nothing is registered.
"""

from __future__ import annotations

import os
import signal
from typing import Any

ENV = "PLANTABLES_KILL_IN_MIGRATION"
POINTS = ("unrecorded", "recorded")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(script_directory: Any, connection: Any) -> dict[str, Any] | None:
    """Install the kill for ``$PLANTABLES_KILL_IN_MIGRATION`` on ``connection``; returns the options
    to pass to ``context.configure`` (its ``on_version_apply`` hook), or None when unset."""
    spec = os.environ.get(ENV)
    if not spec:
        return None
    revision, _, point = spec.partition(":")
    if point not in POINTS and not point.isdigit():
        raise ValueError(f"{ENV}={spec}: POINT is a statement number or one of {', '.join(POINTS)}")
    from sqlalchemy import event

    state: dict[str, Any] = {"step": None, "statements": 0}
    for script in script_directory.walk_revisions():  # each migration says when it starts
        module = script.module
        original = module.upgrade

        def upgrade(original: Any = original, rev: str = script.revision) -> None:
            state["step"], state["statements"] = rev, 0
            original()
        module.upgrade = upgrade

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if point == "unrecorded" and state["step"] == revision and "alembic_version" in statement:
            _die()

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if state["step"] == revision and point.isdigit() and "alembic_version" not in statement:
            state["statements"] += 1
            if state["statements"] == int(point):
                _die()

    def recorded(*, step: Any, **_kw: Any) -> None:
        if point == "recorded" and step.up_revision_id == revision:
            _die()

    event.listen(connection, "before_cursor_execute", before)
    event.listen(connection, "after_cursor_execute", after)
    return {"on_version_apply": [recorded]}
