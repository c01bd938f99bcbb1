"""Running headers/footers of ``pdftotext -layout`` pages, and text at a page's foot, on small
pages written for these tests."""

from __future__ import annotations

from plantables.extract.layout.header import header_at
from plantables.extract.layout.pages import drop_running, running_blocks
from plantables.extract.layout.reader import to_tab_text

HEADER = "Ref    Action                        Lead            Deadline     Progress"


def is_header(lines, i):
    return header_at(lines, i) is not None


def page(top: str, rows: list[str], width: int = 0) -> list[str]:
    return [top + " " * width + "   OFFICIAL", "", HEADER, *rows, "", "Page 1"]


def test_a_block_on_every_page_is_running_and_the_repeated_table_header_is_not():
    pages = [
        page("Eastfold Council – Plan 2030", ["1.1    Mend the roads                Highways        2030         Done"]),
        page("Eastfold Council – Plan 2030", ["1.2    Light the park                Parks           2031         Begun"], 9),
        page("Eastfold Council – Plan 2030", ["1.3    Open the library              Libraries       2031         Begun"], 3),
    ]
    running = running_blocks(pages, is_header)
    # the header's gap differs from page to page: it is compared with its spaces closed up
    assert ("Eastfold Council – Plan 2030 OFFICIAL",) in running
    assert ("Page 1",) in running
    kept = drop_running(pages[1], running, is_header)
    assert kept[1] == HEADER and "OFFICIAL" not in "".join(kept) and "Page 1" not in kept


def test_a_row_ending_alike_on_two_pages_is_no_footer():
    row = ["2.1    Fix the bridge over the river      Highways        2030         Works began;",
           "                                                                     on site now."]
    other = ["2.2    Paint the bridge                   Highways        2031         Works planned;",
             "                                                                     on site now."]
    pages = [[HEADER, *row], [HEADER, *other]]
    assert running_blocks(pages, is_header) == set()
    assert drop_running(pages[0], running_blocks(pages, is_header), is_header) == pages[0]


def test_a_heading_at_a_page_foot_heads_the_table_that_opens_the_next_page():
    text = "\n".join([
        HEADER,
        "1.1    Mend the roads                Highways        2030         Done",
        "",
        "2. Greener streets",
        "\f" + HEADER,
        "2.1    Plant trees                   Parks           2031         Begun",
    ])
    tab = to_tab_text(text).split("\n")
    assert "2. Greener streets" in tab  # a heading, not a row (a row keeps a tab)
    assert not any(ln.startswith("2. Greener streets\t") for ln in tab)


def test_a_row_set_in_the_columns_at_a_page_foot_stays_a_row():
    text = "\n".join([
        HEADER,
        "1.1    Mend the roads                Highways        2030         Done",
        "",
        "2      Keep the streets clean and green in every ward of the borough, all year",
        "\f" + HEADER,
        "2.1    Plant trees                   Parks           2031         Begun",
    ])
    tab = to_tab_text(text).split("\n")
    assert any(ln.startswith("2 ") and "Keep the streets clean" in ln and ln.endswith("\t") for ln in tab), tab


RAG_HEADER = "Ref    Action                  Deadline     Progress                         RAG status"


def test_a_row_running_on_at_a_page_top_is_not_glued_to_the_next_ref():
    text = "\n".join([
        RAG_HEADER,
        "1.1    Mend the roads          2030         Delayed – the supplier has not R",
        "                                            yet confirmed a date; the",
        "\f" + RAG_HEADER,
        "                                            works are now planned for May.",
        "1.2    Light the park          2031         On track – lights ordered.      G",
    ])
    tab = [ln.split("\t") for ln in to_tab_text(text).split("\n") if ln.count("\t") == 4]
    rows = [r for r in tab if r[0] != "Ref"]
    assert [r[0] for r in rows] == ["1.1", "", "1.2"]  # the page-top lines are a row of their own
    assert rows[1][3] == "works are now planned for May." and rows[2][3] == "On track – lights ordered."


def test_text_under_a_rag_word_one_space_on_is_the_cell_before():
    text = "\n".join([
        RAG_HEADER,
        "1.1    Mend the roads          2030         Delayed – supplier issues have A",
        "                                            the go-live date back. A progress report",
        "                                            went to the board.",
    ])
    row = next(ln.split("\t") for ln in to_tab_text(text).split("\n") if ln.startswith("1.1"))
    assert row[4] == "A"
    assert row[3] == ("Delayed – supplier issues have the go-live date back. A progress report "
                      "went to the board.")
