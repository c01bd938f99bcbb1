import plantables


def test_public_api_is_pinned():
    assert sorted(plantables.__all__) == sorted(
        [
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
    )
    for name in plantables.__all__:
        assert hasattr(plantables, name)
