"""Reading: input files → pages → articles with their bylines.

``ingest`` reads files into pages (``decoding`` turns bytes into text), ``paragraphs``
mends a page's lines into tagged paragraphs, ``segment`` cuts them into articles, and
``bylines`` is the grammar of bylines and datelines they use.
"""
