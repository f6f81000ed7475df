"""Happenings as event mentions: triggers found, their time, place, participants and figures attached.

:func:`detect_happenings` is the happenings' half of :func:`kg.extract.events.detect_events`:
triggers (:mod:`kg.extract.happenings`) outside the recognized names and the named events,
each completed from its sentence (:mod:`kg.extract.event_args`,
:mod:`kg.extract.event_participants`) and the story around it,
with the figures the text states (:mod:`kg.extract.event_figures`). A trigger that needs a
subject and has none in its sentence is dropped (要加强调研 is no visit). A word of any accident
or case (事故, 事发, 案件) is a mention of the disaster or crime before it that it fits; before
any, it stands for the happening the headline reports when the text names it by no other word.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.event_args import ArticleText, Happening, attach, fill_from_context
from kg.extract.event_figures import attach_figures, find_figures
from kg.extract.event_participants import attach_participants
from kg.extract.happenings import Hit, find_triggers, generic_family
from kg.model import EventFamily, EventMention, EventType, Mention, TimeSpan


def detect_happenings(
    text: str,
    mentions: Sequence[Mention],
    times: list[TimeSpan],
    *,
    key: str,
    named: Sequence[EventMention] = (),
    headline_type: EventType | None = None,
    headline_label: str | None = None,
) -> list[EventMention]:
    """The happenings of one article's text, in text order.

    Args:
        text: the article's text.
        mentions: its recognized persons, organizations and places (indexes refer to them).
        times: its time expressions, in text order (timex's and the relative days').
        key: the article's key.
        named: its named events, whose spans hold no trigger.
        headline_type: the type of the happening its headline reports, if any.
        headline_label: that happening's label (交通事故), which a stand-in takes.
    """
    blocked = [(m.start, m.end) for m in mentions] + [(e.start, e.end) for e in named]
    hits = find_triggers(text, blocked=blocked)
    chosen = [Happening(h, h.trigger.type) for h in hits if not h.trigger.generic]
    chosen = sorted(chosen + _typed_generics(hits, chosen, named, headline_type), key=lambda h: h.start)
    page = ArticleText(text, mentions, times)
    for happening in chosen:
        attach(page, happening)
        attach_participants(page, happening)
    kept = [h for h in chosen if h.has_subject or not h.hit.trigger.subject]
    fill_from_context(page, kept)
    attach_figures(page, kept, find_figures(text))
    return [_freeze(h, key, headline_label) for h in kept]


def _typed_generics(
    hits: list[Hit], chosen: list[Happening], named: Sequence[EventMention], headline_type: EventType | None
) -> list[Happening]:
    """Words of any accident or case (事故, 事发, 案件) typed by what they refer to.

    After a disaster or a crime of the article, such a word refers back to the latest one that
    fits it (这起事故, 事发后); before any, the first one stands for the happening the headline
    reports when the text names it by no other word.
    """
    out: list[Happening] = []
    specific = [h for h in chosen if _referable(h.type)]
    stand_in = headline_type is not None and not any(_fits(h.type, headline_type) for h in chosen)
    stand_in = stand_in and not any(_fits(e.event_type, headline_type) for e in named)
    for hit in (h for h in hits if h.trigger.generic):
        before = [h for h in specific if h.start < hit.start and _generic_fits(hit, h.type)]
        if before:
            out.append(Happening(hit, before[-1].type))
        elif stand_in and headline_type is not None and _generic_fits(hit, headline_type):
            out.append(Happening(hit, headline_type))
            specific.append(out[-1])
            stand_in = False
    return out


def _generic_fits(hit: Hit, kind: EventType) -> bool:
    family = generic_family(hit.trigger)
    return family is None or kind.family is family


def _referable(kind: EventType) -> bool:
    """A disaster or a crime (not the arrest or the trial of one): what 事故 or 案件 refers back to."""
    return kind.family is EventFamily.DISASTER or kind is EventType.CRIME or EventType.CRIME in kind.ancestors()


def _fits(found: EventType, wanted: EventType) -> bool:
    return found is wanted or wanted in found.ancestors() or found in wanted.ancestors()


def _freeze(happening: Happening, key: str, stand_in_label: str | None) -> EventMention:
    trigger = happening.hit.trigger
    label = trigger.label if happening.type is trigger.type else (stand_in_label or trigger.label)
    return EventMention(
        article=key,
        start=happening.hit.start,
        end=happening.hit.end,
        name=label,
        event_type=happening.type,
        time=happening.time,
        place=happening.place,
        participants=tuple(dict.fromkeys(happening.participants)),
        named=False,
        figures=tuple(sorted(happening.figures, key=lambda f: f.start)),
    )


__all__ = ["detect_happenings"]
