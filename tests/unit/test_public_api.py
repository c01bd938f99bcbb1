import plantables


def test_public_api_is_pinned():
    assert sorted(plantables.__all__) == sorted(
        [
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
    )
    for name in plantables.__all__:
        assert hasattr(plantables, name)


def test_import_plantables_stays_light():
    import subprocess
    import sys

    code = "import sys, plantables; print('sqlalchemy' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
