"""Randomised plan layouts printed by real producers: the corpus for "layouts we do not write for".

``spec.draw_layout(seed)`` draws every dimension (rules, header repetition,
orientation, column order and wording, ref/objective placement, cell
composition, status and timeframe forms, fonts, extra columns, a status key,
non-plans); ``compose`` turns it into a producer-neutral document; the
``render_*`` modules write it as ``.docx`` (python-docx), ``.xlsx`` (openpyxl),
``.html`` or a reportlab PDF; ``convert`` prints the first three with
LibreOffice and Chromium; ``truth`` writes the ground truth; ``build`` makes
the corpus (``tests/fixtures/layouts``); ``score`` scores an import of it.
"""
