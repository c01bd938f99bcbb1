"""What a heading is: a priority, a numbered section or objective, a theme, or plain text.

Used by the text reader (paragraphs between tables) and by the normaliser
(headings and full-width rows from any reader), so both agree:

* ``PRIORITY I – GOVERNANCE, LEADERSHIP AND MANAGEMENT; The Chief …`` →
  priority ``1``, title ``GOVERNANCE, LEADERSHIP AND MANAGEMENT`` (the title
  ends at ``;``, at the end of the bold run, or where capitals stop);
* ``1 CHILDREN IN NEED …`` / ``1. Safer neighbourhoods`` → section ``1``;
* ``1 Ensure that assessments …`` inside a table, or ``1.2 …`` → objective;
* ``EARLY HELP`` (capitals, no number) → theme;
* anything else (``To be good; …``) → text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantables.vocabulary.refs import canonical_ref, roman_to_int

#: a caption's own label may come first: ``Table 2: Objective 2 - …`` is objective 2's heading
_KEYWORD = re.compile(
    r"^\W*(?:(?:table|figure|chart)\s+\d{1,3}[a-z]?\s*[:.–—-]\s*)?(?P<kw>priority|theme|section|strand|workstream|phase|stage|objective|aim|outcome|goal)\s+"
    r"(?P<num>(?:[IVXivx]{1,4}|\d{1,3})(?:\.\d{1,3})*(?![\w.])|[A-Z](?=\s*[-–—:.)]))\s*[-–—:.;)]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(?P<rest>\S.*)$", re.DOTALL)
_KIND_OF_KEYWORD = {
    "priority": "priority", "theme": "theme", "section": "section", "strand": "section",
    "workstream": "section", "phase": "section", "stage": "section", "objective": "objective",
    "aim": "objective", "outcome": "objective",
    "goal": "objective",
}
_CAPS_WORD = re.compile(r"^[^a-z]*[A-Z][^a-z]*$|^[&–—,/-]+$|^\d+$")
#: longest text still read as a heading rather than a paragraph
MAX_HEADING_WORDS = 40
#: a section's name is a few words ('Jobs, skills and the local economy'); an objective is a sentence
MAX_SECTION_WORDS = 6
_SENTENCE_END = re.compile(r"[.;:!?]\s+\S|[.!?]$")


@dataclass(frozen=True)
class HeadingInfo:
    kind: str  # "priority", "section", "objective", "theme", "text"
    ref: str | None  # canonical ("1", "1.2")
    title: str
    labelled: bool = False  # its kind is printed ("Objective 2: …"), not guessed from a number


def caps_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def _caps_run(text: str) -> str:
    """The leading words written in capitals (``GOVERNANCE, LEADERSHIP AND MANAGEMENT``)."""
    words = text.split()
    n = 0
    while n < len(words) and _CAPS_WORD.match(words[n]):
        n += 1
    # a capital opening a sentence ('A cleaner, greener place', 'CCTV cameras in …') is no title in
    # capitals: the run holds a word of two capitals or more and ends where a new sentence starts
    if not any(sum(ch.isupper() for ch in w) >= 2 for w in words[:n]) or n < len(words) and words[n][:1].islower():
        return ""
    return " ".join(words[:n])


def _title_of(rest: str, bold: str | None) -> str:
    text = rest.strip()
    if bold:  # the bold run ends the title (``**PRIORITY 3 – ROBUST PRACTICE** Social work …``)
        text = text[: len(bold)] if text.startswith(bold) else text
    text = text.split(";")[0].strip()
    run = _caps_run(text).strip(" ,–—-:")
    if run and len(run.split()) >= 1 and caps_share(text) < 0.9:
        text = run
    return text.strip(" ;:–—-")


def short_name(text: str) -> bool:
    """A few words and no sentence: how sections are named ('Jobs, skills and the local economy')."""
    return len(text.split()) <= MAX_SECTION_WORDS and not _SENTENCE_END.search(text)


def labelled_heading(text: str) -> bool:
    """A short line that opens with a heading keyword and its number (``Objective 1.1: …``,
    ``Priority 2 – …``): a heading whatever its style."""
    return len(text.split()) <= MAX_HEADING_WORDS and _KEYWORD.match(" ".join(text.split())) is not None


def classify_heading(text: str, *, in_table: bool = False, bold: str | None = None) -> HeadingInfo:
    """Kind, canonical ref and title of a heading text (markup already removed).

    ``bold`` is the opening bold run when the source marks it; ``in_table`` is
    true for a full-width row inside a table (a numbered sentence there is an
    objective; between tables it is a section).

    >>> classify_heading("PRIORITY I – GOVERNANCE, LEADERSHIP AND MANAGEMENT; The Chief Executive …")
    HeadingInfo(kind='priority', ref='1', title='GOVERNANCE, LEADERSHIP AND MANAGEMENT')
    >>> classify_heading("1 Ensure that assessments are timely", in_table=True).kind
    'objective'
    """
    text = " ".join(text.split())
    m = _KEYWORD.match(text)
    if m:
        num = m.group("num")  # "2", "IV", "2.1" ("Objective 2.1: …")
        # 'Theme A – …': a letter numbers it (no roman numeral but I, V, X alone)
        ref = num if num.isdigit() else canonical_ref(num) if "." in num else str(roman_to_int(num) or num)
        rest = m.group("rest")
        bold_rest = None
        if bold and bold.lower().startswith(m.group("kw").lower()):
            bm = _KEYWORD.match(bold)
            bold_rest = bm.group("rest").strip() if bm else None
        return HeadingInfo(_KIND_OF_KEYWORD[m.group("kw").lower()], ref, _title_of(rest, bold_rest) or text, True)
    words = len(text.split())
    m = _NUMBERED.match(text)
    if m and words <= MAX_HEADING_WORDS:
        ref = canonical_ref(m.group("num"))
        rest = m.group("rest").strip()
        if ref is not None and not rest[:1].isdigit():
            if caps_share(rest) >= 0.8:
                return HeadingInfo("section", ref, rest)
            depth = ref.count(".") + 1
            kind = "objective" if (in_table or depth >= 2) else "section"
            return HeadingInfo(kind, ref, rest)
    if words <= 12 and caps_share(text) >= 0.8:
        return HeadingInfo("theme", None, text)
    return HeadingInfo("text", None, text)
