"""The layout-text reader: ``pdftotext -layout`` style text (``reader.read_layout_text``).

``pages`` drops running headers and footers, ``rows`` groups wrapped lines into rows.
"""
