"""Status, RAG words and RAG fills: real wording from the seeds, Word theme colours, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from plantables.normalise.records import STATUS_VALUES
from plantables.vocabulary.status import (
    StatusVocabulary,
    classify_status,
    rag_from_fill,
    rag_from_text,
    status_from_update,
)

VOCAB = StatusVocabulary.default()


@pytest.mark.parametrize(
    "text, value, confidence",
    [
        ("COMPLETED", "complete", 1.0),
        ("Complete", "complete", 1.0),
        ("IN PROCESS", "in_progress", 1.0),
        ("In process", "in_progress", 1.0),
        ("IN HAND", "in_progress", 1.0),
        ("IN PROGRESS", "in_progress", 1.0),
        ("Not yet due", "not_due", 1.0),
        ("ONGOING ACTIVITY", "ongoing", 1.0),
        ("ISSUED.", "complete", 1.0),
        ("COMPLETE D", "complete", 1.0),  # a word split by the PDF text
        ("COMPLETED COMPLETED COMPLETED", "complete", 0.95),
        ("COMPLETED – IN PLACE", "complete", 0.95),
        ("COMPLETED AND ONGOING COMPLETED", "complete", 0.8),
        ("On track - Service Plans are being refreshed in line with this IP by 06/11.", "on_track", 0.9),
        ("Complete - staff comms is planned this month", "complete", 0.9),
        ("In process – to be completed fully April 2017", "in_progress", 0.9),
        ("IN PROGRESS (DATES AS STATED) IN PROCESS", "in_progress", 0.9),
        ("COMPLETED FOR JANUARY 2017", "complete", 0.9),
        ("Planned for October", "not_started", 0.9),
        ("Yellow", "behind", 0.7),
        ("Green", "on_track", 0.7),
        ("PROCESS COMPLETED AND IN PLACE AND WILL BE ONGOING", "complete", 0.6),
        ("33 22.723", "unknown", 0.2),
    ],
)
def test_classify_real_wording(text, value, confidence):
    status = classify_status(text)
    assert (status.raw, status.value) == (text.strip(), value)
    assert status.confidence == pytest.approx(confidence)


@pytest.mark.parametrize(
    "text, value",
    [
        ("COMPLTED", "complete"),
        ("Compleetd", "complete"),
        ("on trak", "on_track"),
        ("not on track", "behind"),  # the longer phrase wins over "on track"
        ("not started", "not_started"),  # ... and over "started"
        ("Started", "in_progress"),
        ("Delayed", "behind"),
        ("Slipped", "behind"),
        ("Overdue", "behind"),
        ("Off track", "behind"),
        ("Done", "complete"),
        ("Achieved", "complete"),
        ("On target", "on_track"),
        ("Underway", "in_progress"),
        ("Not yet started", "not_started"),
        ("Business as usual", "ongoing"),
        ("BAU", "ongoing"),
        ("Embedded", "ongoing"),
    ],
)
def test_classify_variants_and_typos(text, value):
    assert classify_status(text).value == value


def test_typo_confidence_is_scaled_score_below_exact():
    typo = classify_status("COMPLTED")
    assert 0.8 < typo.confidence < 1.0


def test_empty_and_symbol_cells():
    assert classify_status(None) is None
    assert classify_status("  \n ") is None
    assert classify_status("█").value == "unknown"


def test_user_phrases_extend_the_vocabulary():
    assert classify_status("Parked until April").value == "unknown"
    vocab = VOCAB.with_phrases({"Parked": "not_started"})
    assert classify_status("Parked until April", vocabulary=vocab).value == "not_started"
    assert classify_status("PARKED", vocabulary=vocab).confidence == 1.0
    with pytest.raises(ValueError, match="finished_ish"):
        VOCAB.with_phrases({"nearly": "finished_ish"})


@pytest.mark.parametrize(
    "text, value",
    [
        ("On track - In development with partners across Early Help System", "on_track"),
        ("On track -This is taking place", "on_track"),
        ("Complete - Data shows 100% compliance on assessment start timescale", "complete"),
        ("Complete", "complete"),
        ("On track", "on_track"),
        ("Not yet due", "not_due"),
        ("Compelte - member engagement", "complete"),
    ],
)
def test_status_from_update(text, value):
    assert status_from_update(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "Additional resources for social work capacity in IRT and CSW have been agreed",
        "See separate report to Board",
        "Started work with partners on the threshold document",
        "",
        None,
    ],
)
def test_status_from_update_needs_leading_status_words(text):
    assert status_from_update(text) is None


def test_status_column_of_torbay_seed_is_recognised(torbay_seed):
    """Every real status cell in the Torbay plan's status column gets a value."""
    from plantables.vocabulary.fields import match_field

    col, values = None, []
    for line in torbay_seed.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        fields = [match_field(c).field if c.strip() and len(c) < 60 else None for c in cells]
        if "status" in fields and "lead" in fields:
            col = fields.index("status")
            continue
        # rows whose first cell is a bare number are objective banners spread over columns
        if col is None or col >= len(cells) or re.fullmatch(r"\s*\d+\s*", cells[0]):
            continue
        status = classify_status(cells[col])
        if status is not None and cells[col].strip() not in ("Status", "Current"):
            values.append(status)
    known = [s for s in values if s.value != "unknown"]
    complete = [s for s in values if s.value == "complete"]
    print(f"\nTorbay status cells: {len(values)}, recognised {len(known)}, complete {len(complete)}")
    assert len(values) >= 60
    assert len(known) / len(values) >= 0.98
    assert all(s.value == "complete" for s in values if re.fullmatch(r"COMPLETED?( COMPLETED)*", s.raw))


def test_updates_of_plymouth_seed_lead_with_status(plymouth_seed):
    """Updates led by 'On track -'/'Complete -' give that status; actions that begin
    with the verb ('Complete 10 audits of …') and other prose give none."""
    cells = [c.strip() for line in plymouth_seed.read_text(encoding="utf-8").splitlines()
             for c in line.split("\t") if c.strip()]
    led = [c for c in cells if re.match(r"(On track|Complete)\s*(?:[-–]|$)", c)]
    got = [status_from_update(c) for c in led]
    assert len(led) >= 30
    assert all(g is not None and g.value == ("on_track" if c.startswith("On") else "complete")
               for c, g in zip(led, got))
    verbs = [c for c in cells if re.match(r"Complete \w", c)]
    assert len(verbs) >= 3 and all(status_from_update(c) is None for c in verbs)
    # other long cells give a status only when they too open with a vocabulary
    # phrase and a separator ("Behind schedule - due to …")
    prose = [c for c in cells if len(c) > 60 and not re.match(r"(On track|Complete)\b", c)]
    for c in prose:
        got = status_from_update(c)
        head = " ".join(re.findall(r"[a-z0-9]+", re.split(r"\s[-–]|[-–]\s|[;:,(]", c)[0].lower()))
        assert (got is not None) == (head in VOCAB.phrases), c
        assert got is None or got.value == VOCAB.phrases[head]


# --- RAG ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rag",
    [("Red", "red"), ("R", "red"), ("Amber", "amber"), ("A", "amber"), ("Yellow", "amber"),
     ("Green", "green"), ("G", "green"), ("Blue", "blue"), ("B", "blue"), ("Grey", "grey"),
     ("GREEN - on track", "green"), ("RAG: Amber", "amber"),
     ("Complete", None), ("On track", None), ("█", None), ("", None), (None, None),
     ("Greenwich council plan update for the board", None), ("A new approach is being agreed", None)],
)
def test_rag_from_text(text, rag):
    assert rag_from_text(text) == rag


# Word/Excel theme and standard colours, as they appear as cell shading.
WORD_COLOURS = {
    "green": ["#00B050", "#92D050", "#C6EFCE", "#A9D08E", "#70AD47", "#C5E0B3", "#A8D08D", "#538135",
              "#375623", "#9BBB59", "#C2D69B", "#D6E3BC", "#00FF00", "#99CC00", "#339966", "#00B050"],
    "amber": ["#FFC000", "#FFFF00", "#F4B183", "#F4B083", "#FFEB9C", "#ED7D31", "#F7CAAC", "#FFE599",
              "#FFD966", "#FFF2CC", "#BF8F00", "#C45911", "#F79646", "#FABF8F", "#FF9900", "#FFCC99",
              "#FFFF99", "#FF6600"],
    "red": ["#FF0000", "#C00000", "#FFC7CE", "#C0504D", "#E5B8B7", "#FF5050", "#FF99CC"],
    "blue": ["#00B0F0", "#0070C0", "#002060", "#BDD7EE", "#5B9BD5", "#4F81BD", "#B8CCE4", "#99CCFF",
             "#00FFFF", "#9DC3E6"],
    "grey": ["#D9D9D9", "#BFBFBF", "#A6A6A6", "#808080", "#7F7F7F", "#C0C0C0"],
    None: ["#FFFFFF", "#F2F2F2", "#FAFAFA", "#FEFEFE", "#000000", "#0D0D0D", "#7030A0", "not a colour",
           "", None],
}


@pytest.mark.parametrize("rag, fill", [(rag, f) for rag, fills in WORD_COLOURS.items() for f in fills])
def test_rag_from_fill_word_theme_colours(rag, fill):
    assert rag_from_fill(fill) == rag


def test_fill_is_named_perceptually_not_by_rgb_distance():
    # In RGB, light green #92D050 is nearer amber #FFC000 than green #00B050.
    def d2(a, b):
        return sum((int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) ** 2 for i in (1, 3, 5))

    assert d2("#92D050", "#FFC000") < d2("#92D050", "#00B050")
    assert rag_from_fill("#92D050") == "green"
    assert rag_from_fill("92d050") == "green"  # case and a missing '#' are tolerated


# --- properties ----------------------------------------------------------------------


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_classify_never_raises(text):
    status = classify_status(text)
    if not text.strip():
        assert status is None
    else:
        assert status.value in STATUS_VALUES and 0 <= status.confidence <= 1
    status_from_update(text)
    rag_from_text(text)
    rag_from_fill(text)


LONG_PHRASES = sorted(p for p in VOCAB.phrases if len(p) >= 7)
VOCAB_WORDS = {w for p in VOCAB.phrases for w in p.split()}
COMMON_WORDS = set("now nor no so is it in on at as an am be by do go he me my of or to up us we".split())


@given(st.sampled_from(LONG_PHRASES), st.data())
@settings(max_examples=400, deadline=None)
def test_single_typo_in_a_long_phrase_still_classifies(phrase, data):
    value = VOCAB.phrases[phrase]
    letters = [i for i, ch in enumerate(phrase) if ch.isalpha()]
    i = data.draw(st.sampled_from(letters))
    ch = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    kind = data.draw(st.sampled_from(["sub", "ins", "del"]))
    typo = {"sub": phrase[:i] + ch + phrase[i + 1 :],
            "ins": phrase[:i] + ch + phrase[i:],
            "del": phrase[:i] + phrase[i + 1 :]}[kind]
    # a typo as near to a phrase of another status is ambiguous to a reader too, and
    # one that makes another real word ("not" -> "now") changes the meaning
    assume(all(Levenshtein.distance(typo, p) >= 2 for p, v in VOCAB.phrases.items() if v != value))
    assume(not (set(typo.split()) - set(phrase.split())) & (VOCAB_WORDS | COMMON_WORDS))
    case = data.draw(st.sampled_from([str.lower, str.upper, str.title]))
    assert classify_status(case(typo)).value == value


@given(st.sampled_from(sorted(VOCAB.phrases)), st.sampled_from([str.lower, str.upper, str.title]))
def test_every_phrase_in_any_case_is_exact(phrase, case):
    status = classify_status(case(phrase))
    assert (status.value, status.confidence) == (VOCAB.phrases[phrase], 1.0)


def test_sample_ground_truth_statuses(samples_dir):
    """Every status cell of the project's sample plans gets its documented value."""
    import json

    checked = 0
    for path in sorted(samples_dir.glob("*.expected.json")):
        for action in json.loads(path.read_text(encoding="utf-8"))["actions"]:
            if action["status_raw"]:
                assert classify_status(action["status_raw"]).value == action["status"], action["status_raw"]
                checked += 1
    assert checked >= 50
