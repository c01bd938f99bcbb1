"""The canned queries `plantables serve` offers are the README's example queries, in order."""

from __future__ import annotations

import re
from pathlib import Path

from plantables.serve import example_queries

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def test_examples_sql_is_the_readme_sql():
    readme = [" ".join(b.split()) for b in re.findall(r"```sql\n(.*?)```", README, flags=re.S)]
    examples = [" ".join(sql.split()) for _, _, sql in example_queries()]
    assert examples == readme


def test_names_are_unique_and_titles_come_from_the_comment():
    queries = example_queries()
    assert len({n for n, _, _ in queries}) == len(queries)
    assert all(sql.startswith(f"-- {title}") for _, title, sql in queries)
