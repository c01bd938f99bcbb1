"""plantables: turn legacy plan documents into one queryable SQL database.

The public API is re-exported here and pinned by ``tests/test_public_api.py``;
everything else is internal.
"""

from plantables.extract.model import Cell, Column, Document, ExtractError, Heading, Row, Table
from plantables.normalise.records import Action, PlanDocument, Status, Target

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Cell",
    "Column",
    "Document",
    "ExtractError",
    "Heading",
    "PlanDocument",
    "Row",
    "Status",
    "Table",
    "Target",
    "__version__",
]
