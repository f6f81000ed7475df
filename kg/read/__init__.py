"""Reading: input files → pages → articles with their bylines.

``ingest`` reads files into pages (``decoding`` turns bytes into text), ``paragraphs``
mends a page's lines into tagged paragraphs, ``segment`` cuts them into articles, and
``bylines`` is the grammar of bylines and datelines they use.

Each byline is parsed once, where it is found: ``paragraphs`` parses a byline line as
it tags it and keeps the result on the paragraph; ``segment`` parses a lead's byline
(本报讯（记者 X）) as it takes the lead apart, and a JSON Lines record's byline field.
``segment_page`` hands out articles with their ``bylines`` already parsed, beside the
raw ``byline_text`` they were read from.
"""
