"""The read-only check of ``plantables query``: one plain query, parsed, or nothing.

The database's own means are the real guarantee (SQLite ``mode=ro`` and an
authorizer, PostgreSQL read-only transactions in the single-statement
protocol, a read-only role or user); this check comes first so that what those
do not stop — server-side file and process functions, ``INTO OUTFILE``,
transaction control that would end the read-only transaction, ``SET`` — is
refused before anything is sent, with a line saying why.

The SQL is parsed with sqlglot in the database's dialect. Accepted: exactly one
``SELECT`` / ``WITH … SELECT`` / ``VALUES`` / ``TABLE`` / set operation, or
``EXPLAIN`` of one (``EXPLAIN ANALYZE`` runs its statement, so the statement
is checked the same way). Anything sqlglot cannot parse is refused: a check
that cannot read the SQL cannot vouch for it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

#: sqlglot dialect per SQLAlchemy backend name
DIALECTS = {"sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql"}

# Functions that read or write server files, run processes, signal other
# sessions, change settings or take the import's own locks. Read-only
# transactions do not stop these (pg_read_file, pg_terminate_backend,
# pg_reload_conf, LOAD_FILE, GET_LOCK all work inside one).
DENIED_FUNCTIONS = frozenset({
    # PostgreSQL
    "pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_terminate_backend", "pg_cancel_backend",
    "pg_reload_conf", "pg_rotate_logfile", "pg_promote", "pg_switch_wal", "pg_create_restore_point",
    "pg_start_backup", "pg_stop_backup", "pg_backup_start", "pg_backup_stop", "pg_log_backend_memory_contexts",
    "set_config", "setval", "pg_notify", "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
    "cursor_to_xml", "cursor_to_xmlschema", "pg_import_system_collations", "pg_current_logfile",
    # MariaDB / MySQL
    "load_file", "get_lock", "release_lock", "release_all_locks", "sys_exec", "sys_eval", "master_pos_wait",
    "master_gtid_wait", "source_pos_wait",
    # SQLite (the shell's and extensions' file functions, extension loading)
    "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer",
})
DENIED_PREFIXES = ("pg_ls_", "pg_read_", "lo_", "dblink", "pg_file_", "pg_advisory", "pg_try_advisory",
                   "pg_replication_", "pg_create_", "pg_drop_", "pg_logdir")
# words that, outside strings and comments, mean a file is written or read on the server
DENIED_WORDS = frozenset({"OUTFILE", "DUMPFILE", "INFILE"})
_TRANSACTION_WORDS = frozenset({"BEGIN", "START", "COMMIT", "ROLLBACK", "END", "ABORT", "SAVEPOINT", "RELEASE",
                                "PREPARE", "XA"})
# after EXPLAIN, before the statement: the options of the three databases
_EXPLAIN_OPTIONS = frozenset({
    "QUERY", "PLAN", "ANALYZE", "ANALYSE", "VERBOSE", "COSTS", "BUFFERS", "FORMAT", "TEXT", "JSON", "XML",
    "YAML", "SETTINGS", "WAL", "TIMING", "SUMMARY", "GENERIC_PLAN", "EXTENDED", "PARTITIONS", "ON", "OFF",
    "TRUE", "FALSE", "(", ")", ",", "=", "TRADITIONAL", "TREE",
})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class RefusedSQL(ValueError):
    """The SQL is not one plain read-only query (the message says why)."""


@dataclass
class CheckedSQL:
    """SQL that passed the check, and where its ``:name`` placeholders are."""

    sql: str
    #: (start, end, name) of each ``:name`` outside strings, comments and quoted names
    placeholders: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {name for _, _, name in self.placeholders}


def check_sql(sql: str, backend: str) -> CheckedSQL:
    """``sql`` if it is one plain read-only query in ``backend``'s dialect, else :class:`RefusedSQL`."""
    import sqlglot
    from sqlglot.errors import SqlglotError

    dialect = sqlglot.Dialect.get_or_raise(DIALECTS.get(backend, backend))
    tokens = _tokenize(dialect, sql)
    if not tokens:
        raise RefusedSQL("no SQL given")
    _check_tokens(tokens)
    start = 0
    if tokens[0].text.upper() == "EXPLAIN":  # a command token to sqlglot: the rest is read on its own
        start = tokens[0].end + 1
        start += _explained_start(_tokenize(dialect, sql[start:]))
    quiet = logging.getLogger("sqlglot")
    level, quiet.level = quiet.level, logging.ERROR  # "falling back to parsing as a Command" is ours to say
    try:
        statements = [s for s in dialect.parse(sql[start:]) if s is not None]
    except SqlglotError as exc:
        raise RefusedSQL(f"not a plain query plantables can check ({_first_line(exc)})") from None
    finally:
        quiet.level = level
    if len(statements) != 1:
        raise RefusedSQL(f"exactly one statement is allowed, got {len(statements)}")
    _check_tree(statements[0])
    return CheckedSQL(sql, _placeholders(sql, tokens))


def _tokenize(dialect, sql: str) -> list:
    from sqlglot.errors import SqlglotError

    try:
        return dialect.tokenize(sql)
    except SqlglotError as exc:
        raise RefusedSQL(f"cannot read this SQL: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split("\n", 1)[0].split())[:200]


def _check_tokens(tokens) -> None:
    first = tokens[0].text.upper()
    if first in _TRANSACTION_WORDS:
        raise RefusedSQL(f"transaction control ({first}) is not allowed: query runs in a read-only transaction")
    for tok in tokens:
        for comment in tok.comments:
            # MySQL/MariaDB run the text of /*! … */ and /*M! … */ comments as SQL
            if comment.startswith(("!", "M!")):
                raise RefusedSQL("executable comments (/*! … */) are not allowed")
        if tok.token_type.name in ("VAR", "COMMAND") and tok.text.upper() in DENIED_WORDS:
            raise RefusedSQL(f"{tok.text.upper()} reads or writes files on the server; not allowed")


def _explained_start(tokens) -> int:
    """Offset of the statement after the options of ``EXPLAIN`` (``tokens``: what follows the word)."""
    for tok in tokens:
        word = tok.text.upper()
        if word in ("SELECT", "WITH", "VALUES", "TABLE") or (tok.token_type.name == "L_PAREN" and
                                                             _opens_query(tokens, tok)):
            return tok.start
        if word not in _EXPLAIN_OPTIONS and tok.token_type.name not in ("STRING", "NUMBER"):
            raise RefusedSQL(f"EXPLAIN of {word!s} is not allowed: only of a plain query")
    raise RefusedSQL("EXPLAIN without a query")


def _opens_query(tokens, paren) -> bool:
    i = tokens.index(paren)
    return i + 1 < len(tokens) and tokens[i + 1].text.upper() in ("SELECT", "WITH", "VALUES")


def _denied_nodes():
    from sqlglot import exp

    names = ("Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "AlterTable", "Command", "Set",
             "Copy", "Into", "Lock", "Transaction", "Commit", "Rollback", "Pragma", "Attach", "Detach", "Kill",
             "LoadData", "Use", "TruncateTable", "Grant", "Revoke", "Analyze", "Cache", "Uncache", "Refresh",
             "Declare", "Summarize", "Export")
    return tuple(getattr(exp, n) for n in names if hasattr(exp, n))


def _check_tree(statement) -> None:
    from sqlglot import exp

    allowed = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Values, exp.Subquery)
    if not isinstance(statement, allowed):
        raise RefusedSQL(f"{_kind(statement)} is not allowed: only SELECT, WITH … SELECT, VALUES or EXPLAIN")
    denied = _denied_nodes()
    for node in statement.walk():
        if isinstance(node, denied):
            raise RefusedSQL(f"{_kind(node)} is not allowed inside a query")
        if isinstance(node, exp.Func):
            name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
            if name in DENIED_FUNCTIONS or name.startswith(DENIED_PREFIXES):
                raise RefusedSQL(f"{name}() reaches files, processes or settings of the server; not allowed")


def _kind(node) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, exp.Into):
        return "SELECT … INTO"
    if isinstance(node, exp.Lock):
        return "FOR UPDATE / LOCK IN SHARE MODE"
    return type(node).__name__.upper()


def _placeholders(sql: str, tokens) -> list[tuple[int, int, str]]:
    """``:name`` placeholders: a ``:`` token directly followed by a name token (``::`` is a cast)."""
    out = []
    for colon, name in zip(tokens, tokens[1:]):
        if (colon.token_type.name == "COLON" and name.start == colon.end + 1 and _NAME.match(name.text)
                and sql[name.start:name.end + 1] == name.text):
            out.append((colon.start, name.end + 1, name.text))
    return out
