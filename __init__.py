"""plantables: turn legacy plan documents into one queryable SQL database.

The public API is re-exported here and pinned by ``tests/unit/test_public_api.py``;
everything else is internal.
"""

__version__ = "0.1.0"

# Everything loads on first use, not on ``import plantables``: the database side
# (SQLAlchemy, Alembic) and even the record classes, which a no-op re-run never needs.
_LAZY = {
    **dict.fromkeys(("Cell", "Column", "Document", "ExtractError", "Heading", "Row", "Table"),
                    "plantables.extract.model"),
    **dict.fromkeys(("Action", "PlanDocument", "Status", "Target"), "plantables.normalise.records"),
    **dict.fromkeys(("ExecutorError", "UsageError"), "plantables.pipeline"),
    "ImportLocked": "plantables.schema.lock",
    "FileResult": "plantables.pipeline",
    "ImportResult": "plantables.pipeline",
    "ImportSettings": "plantables.pipeline",
    "import_paths": "plantables.pipeline",
    "read_plan": "plantables.pipeline",
    "read_document": "plantables.extract.sniff",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'plantables' has no attribute {name!r}")

__all__ = [
    "Action",
    "Cell",
    "Column",
    "Document",
    "ExecutorError",
    "ExtractError",
    "FileResult",
    "Heading",
    "ImportLocked",
    "ImportResult",
    "ImportSettings",
    "PlanDocument",
    "Row",
    "Status",
    "Table",
    "Target",
    "UsageError",
    "__version__",
    "import_paths",
    "read_document",
    "read_plan",
]
