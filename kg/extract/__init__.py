"""Extraction: an article's mentions, events and resolved entities.

Nothing here knows RDF. ``page`` runs the per-page stages in order; ``recognize`` finds
persons, organizations and places; ``resolve`` gives each mention its canonical name and
entity key; ``events`` and ``timex`` find events and their times; ``papers`` and
``gazetteer`` are the geography they rely on.
"""
