"""The text reader: plans exported as flattened text (``reader.read_text``).

``source`` reads and cleans the lines, ``header`` finds header rows, ``align``
and ``rows`` cut lines into cells, ``blocks`` joins them into model rows.
"""
