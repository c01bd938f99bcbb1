"""What an action cell holds: a title over its steps (issue 11, point 5)."""

from __future__ import annotations

from plantables.normalise.plan_fields import title_and_steps


def test_text_before_the_first_bullet_is_the_title():
    assert title_and_steps("Launch the hubs\n• Open three hubs\n• Recruit\ncoordinators") == (
        "Launch the hubs", ["Open three hubs", "Recruit coordinators"])


def test_a_bold_first_line_over_plain_lines():
    text = "Review the front\ndoor\nMap contacts and\nreferrals\nAgree thresholds"
    assert title_and_steps(text, (True, True, False, False, False)) == (
        "Review the front door", ["Map contacts and referrals", "Agree thresholds"])


def test_plain_or_all_bold_text_is_one_title():
    assert title_and_steps("Review the front\ndoor") == ("Review the front door", [])
    assert title_and_steps("Review the front\ndoor", (True, True)) == ("Review the front door", [])
    assert title_and_steps("• Only bullets\n• Here") == ("• Only bullets • Here", [])
    assert title_and_steps("A\nB", (True,)) == ("A B", [])  # flags not matching the lines: ignored


def test_bold_lines_from_a_readers_runs():
    from plantables.extract.model import Cell, Run
    from plantables.normalise.plan_fields import bold_lines

    cell = Cell(2, "Launch the hubs\nOpen three hubs\nRecruit", runs=(
        Run("Launch the hubs", bold=True), Run("\n"), Run("Open three hubs\nRecruit")))
    assert bold_lines(cell) == (True, False, False)
    assert title_and_steps(cell.text, bold_lines(cell)) == ("Launch the hubs", ["Open three hubs", "Recruit"])
    assert bold_lines(Cell(2, "plain", runs=(Run("plain"),))) is None
    assert bold_lines(Cell(2, "no runs")) is None


def test_a_plain_line_between_a_bold_title_and_the_first_bullet_glyph_is_a_step():
    # Chromium draws some list markers as shapes: the first step has no glyph, the others do
    text = "Consistent application\nof thresholds\nReport findings to\ncabinet\n• Draft the brief"
    assert title_and_steps(text, (True, True, False, False, False)) == (
        "Consistent application of thresholds", ["Report findings to cabinet", "Draft the brief"])
    # without weights the text before the first glyph stays the title
    assert title_and_steps(text)[0] == "Consistent application of thresholds Report findings to cabinet"
