"""``--executor dask``: documents read as tasks on a Dask cluster, loaded here as they come back.

A real ``distributed.LocalCluster`` (threads in this process, to stay quick)
stands in for a cluster; the files are the real samples.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")
pytest.importorskip("plantables.normalise.plan")

from plantables.cli import cli  # noqa: E402
from plantables.extract.model import ExtractError  # noqa: E402
from plantables.pipeline import (  # noqa: E402
    ExecutorError,  # noqa: E402
    ImportSettings,
    import_paths,
)
from plantables.pipeline.backends.dask import DaskBackend  # noqa: E402
from plantables.schema import db  # noqa: E402

pytestmark = pytest.mark.slow  # system tests: `-m 'not slow'` skips them locally

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture
def plans(tmp_path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    chosen = [SAMPLES / "kingsbridge_2023_24.pdf", *sorted(SAMPLES.glob("*_20??_??.txt"))]
    for src in chosen:
        if not src.exists():
            pytest.skip(f"{src} is not in samples/")
        shutil.copy(src, folder / src.name)
    shutil.copy(BAD / "empty.txt", folder / "empty.txt")
    return folder


def overview(url: str) -> list[tuple]:
    engine = db.open_engine(url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.text("SELECT * FROM action_overview ORDER BY 1, 6, 8"))]
        rows += [tuple(r) for r in conn.execute(sa.text("SELECT path, status, error FROM import_files ORDER BY id"))]
    engine.dispose()
    return rows


def test_dask_import_loads_what_a_local_import_loads(cluster, plans, tmp_path):
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    local = import_paths([plans], db=local_url)
    on_cluster = import_paths([plans], db=dask_url,
                              settings=ImportSettings(executor="dask", scheduler=cluster.scheduler_address))
    assert [(f.status, f.error) for f in on_cluster.files] == [(f.status, f.error) for f in local.files]
    assert on_cluster.count("imported") >= 2 and on_cluster.count("failed") == 1
    assert overview(dask_url) == overview(local_url)
    # the cluster kept no results: each was released once loaded
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    try:
        assert not any(str(k).startswith("plantables-read-") for k in client.who_has())
    finally:
        client.close()


def test_cli_runs_on_the_cluster_and_a_second_run_sends_nothing(cluster, plans, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["import", str(plans), "--db", url, "--executor", "dask", "--scheduler", cluster.scheduler_address]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 1, first.output  # empty.txt fails, one line
    assert "is empty (0 bytes)" in first.output
    (plans / "empty.txt").unlink()
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0 and "0 imported" in second.output


def test_time_limit_gives_up_on_a_task(cluster, tmp_path, sqlite_url):
    settings = ImportSettings(executor="dask", scheduler=cluster.scheduler_address, max_seconds_per_file=0.05)
    result = import_paths([BAD / "big_plan.txt"], db=sqlite_url, settings=settings)
    (f,) = result.files
    assert f.status == "failed" and f.error.endswith("gave up after 0.05 s (--max-seconds-per-file)")


def test_unreachable_scheduler_is_one_clear_error(tmp_path):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(ExecutorError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
            DaskBackend("tcp://127.0.0.1:9")
        out = CliRunner().invoke(cli, ["import", str(BAD / "empty.txt"), "--db", str(tmp_path / "x.db"),
                                       "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert out.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in out.output and "Traceback" not in out.output


def test_a_file_the_workers_cannot_see_fails_with_one_line(cluster, tmp_path):
    backend = DaskBackend(cluster.scheduler_address)
    missing = str(tmp_path / "only_on_the_importing_machine.pdf")
    try:
        backend.submit(0, missing, {})
        outcomes = []
        while not outcomes:
            outcomes = backend.poll(5.0)
    finally:
        backend.close()
    (seq, outcome), = outcomes
    with pytest.raises(ExtractError, match=r"only_on_the_importing_machine\.pdf: cannot be read \(No such file"):
        outcome.result(missing)
