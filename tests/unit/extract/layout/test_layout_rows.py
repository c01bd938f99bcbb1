"""Row, cell and paragraph boundaries in pdftotext -layout text, on hand-made lines."""

from __future__ import annotations

from plantables.extract.layout.rows import back_over_capitals, prose_paragraphs, step_rows

# columns: 0 ref | 1 title | 2 action (step) | 3 timeframe


def test_two_steps_parted_by_a_centred_label_line_are_two_rows():
    group = ["L0", "L1", "L2", "L3", "L4"]
    cells = [
        ["", "", "Hold workshops with team managers", "May 2017 –"],
        ["", "Make sure every child in care", "to agree what good looks like", "August 2017"],
        ["4.2", "", "", ""],  # the ref centred over both steps: no blank line
        ["", "has a health assessment", "Draft a joint protocol", "Nov 2016"],
        ["", "", "and sign it off", ""],
    ]
    assert step_rows(group, cells, action=2, timeframe=3) == [["L0", "L1", "L2"], ["L3", "L4"]]


def test_a_step_set_a_line_lower_by_a_centred_cell_stays_one_row():
    group = ["L0", "L1", "L2", "L3", "L4"]
    cells = [
        ["", "", "Update the case recording template on the", "Feb 2017"],
        ["", "Strengthen the audit cycle", "", ""],
        ["1.1", "", "electronic record", ""],  # carries on: lower case
        ["", "and the framework", "", ""],
        ["", "", "", ""],
    ]
    assert step_rows(group, cells, action=2, timeframe=3) == [group]


def test_a_new_step_right_under_the_last_starts_a_row_when_its_date_starts_too():
    group = ["L0", "L1", "L2"]
    cells = [
        ["", "", "Agree a data set and publish it", "Dec 2016"],
        ["", "", "quarterly", ""],
        ["", "", "Agree a data set and publish it", "Monthly audits"],  # same wording, new step
    ]
    assert step_rows(group, cells, action=2, timeframe=3) == [["L0", "L1"], ["L2"]]
    # without a new date beside it, a capitalised line straight under is read as the same cell
    cells[2][3] = ""
    assert step_rows(group, cells, action=2, timeframe=3) == [group]


def test_cut_moves_back_over_the_capitalised_start_of_the_right_cell():
    line = "Revise the standards and issue them to all Nov 2016"
    edge = line.index(" all") + 4  # the left column never runs past "all" elsewhere
    pick = line.index("2016")
    assert line[back_over_capitals(line, pick, 0, edge):] == "Nov 2016"
    line = "Adopt a policy and publish it Climate Officer"
    pick = back_over_capitals(line, line.index("Officer"), 0, line.index(" Climate"))
    assert line[pick:] == "Climate Officer"


def test_cut_keeps_a_name_that_runs_on_and_a_cut_within_the_column():
    line = "Head of Service Early Monthly report to the board"
    pick = line.index("Monthly")
    assert back_over_capitals(line, pick, 0, line.index(" Early")) == pick  # "Service Early" is one name
    line = "Families know where they can Not started - due"
    pick = line.index("started")
    assert back_over_capitals(line, pick, 0, len(line)) == pick  # the left cell does run that far


def test_title_block_lines_stay_apart_and_a_wrapped_paragraph_joins():
    page_width = 120
    title = ["Eastwick District Council", "Housing Improvement Plan 2022 – 2023", "Version 2 – draft"]
    assert prose_paragraphs(title, page_width) == title
    para = ["PRIORITY 1 – HOMES; The council will make sure that every tenant in Eastwick can report a repair",
            "online and by phone."]
    assert prose_paragraphs(para, page_width) == [" ".join(para)]


def test_running_header_with_a_far_right_part_reads_the_same_on_every_page():
    narrow = "Eastwick District Council – Housing Plan" + " " * 20 + "OFFICIAL"
    wide = "Eastwick District Council – Housing Plan" + " " * 31 + "OFFICIAL"
    assert prose_paragraphs([narrow], 80) == prose_paragraphs([wide], 90) == [
        "Eastwick District Council – Housing Plan OFFICIAL"]
    assert prose_paragraphs([narrow, "Eastwick District Council"], 80) == [
        "Eastwick District Council – Housing Plan OFFICIAL", "Eastwick District Council"]
