"""Reading: input files → pages → articles with their bylines.

``ingest`` reads files into pages (``decoding`` turns bytes into text), ``paragraphs``
mends a page's lines into tagged paragraphs, ``segment`` cuts them into articles, and
``datelines`` (本报讯, 新华社北京3月5日电 …) and ``bylines`` (记者 X 通讯员 Y …) are the
grammar of the credits they use.

Each byline is parsed once, where it is found: ``paragraphs`` parses a byline line as
it tags it and keeps the result on the paragraph; ``segment`` parses a lead's byline
(本报讯（记者 X）) as it takes the lead apart, a credit in brackets that ends a paragraph,
and a JSON Lines record's byline field. ``segment_page`` hands out articles with their
``bylines`` already parsed, beside the raw ``byline_text`` they were read from; page
credits (责任编辑 X) reach no article.
"""
