"""The participants of each happening and their roles (kg:role), from its clause and sentence.

The persons and organizations before the trigger in its clause (else, for a clause without a
subject of its own, those of its sentence's first clause) take the trigger's subject role, those
after it in its clause its object role (抓获: authority and agent; 调研: inspector and inspected;
获评: winner). A person right after an agent's or a victim's noun (犯罪嫌疑人X, 死者X) is the agent
or the victim; an organization that acts in a case (公安局, 法院) is its authority. Places are no
participants: a place that wins (某村荣获…) meets a trigger's need for a subject, and a place
visited (到某区调研) is where the visit happened.
"""

from __future__ import annotations

from kg.extract.event_args import ACTORS, ArticleText, Happening, is_source
from kg.extract.spans import MentionOrder
from kg.lang.lexicons import event_words
from kg.model import EntityType, EventFamily, EventRole, EventType, Mention

_NOUN_REACH = 1  # characters between 犯罪嫌疑人 and the name


def attach_participants(page: ArticleText, happening: Happening) -> None:
    """The persons and organizations of the happening's clause, in the roles its trigger gives them.

    Also tells whether the trigger has a subject (a place counts for a winner), and gives the
    happening the place it visits (到河东区调研) when its clause gave none.
    """
    hit = happening.hit
    lo, hi = page.clause_of(hit.start)
    # a place wins an award as a body does (某村荣获全国文明村称号)
    order = page.winners if hit.trigger.subject_role is EventRole.WINNER else page.actors
    subjects = _subjects(page, lo, hit.start, order)
    happening.has_subject = bool(subjects)
    subjects = [i for i in subjects if page.mentions[i].type in ACTORS]
    persons = [i for i in subjects if page.mentions[i].type is EntityType.PER]
    if hit.trigger.subject_role is EventRole.INSPECTOR and persons:
        subjects = persons  # 市委书记X到某地调研: X visits, not 市委
    inspected = _inspected(page, lo, hit.start) if hit.trigger.object_role is EventRole.INSPECTED else []
    if happening.place is None:  # 到河东区调研: where the visit went
        happening.place = next((i for i in reversed(inspected) if page.mentions[i].type is EntityType.LOC), None)
    inspected = [i for i in inspected if page.mentions[i].type in ACTORS]
    roles: list[tuple[int, str]] = [(i, EventRole.INSPECTED.value) for i in inspected]
    if hit.trigger.subject_role is not None:
        role = hit.trigger.subject_role
        roles += [(i, _subject_role(page, i, role, happening.type)) for i in subjects if i not in inspected]
    if hit.trigger.object_role is not None:
        objects = [i for i, m in page.actors.within(hit.end, hi) if m.start - hit.end <= 12]
        roles += [(i, hit.trigger.object_role.value) for i in objects]
    roles += _noun_roles(page, hit.start)
    happening.participants.extend(dict.fromkeys(roles))


def _subjects(page: ArticleText, lo: int, pos: int, order: MentionOrder) -> list[int]:
    """The persons and organizations before ``pos`` in its clause; for a clause without a subject
    of its own (于4日抓获…), those of its sentence's first clause."""
    found = _actors_in(page, lo, pos, order)
    if found or not page.text.startswith(_SUBJECTLESS, lo):
        return found
    s_lo, _ = page.sentence_of(pos)
    first = page.clause_of(s_lo)
    if first[0] == lo or is_source(page.text[first[0] : first[1]]):
        return []
    return _actors_in(page, first[0], first[1], order)


def _actors_in(page: ArticleText, lo: int, hi: int, order: MentionOrder) -> list[int]:
    return [i for i, m in order.within(lo, hi) if not _after_preposition(page.text, m)]


def _after_preposition(text: str, mention: Mention) -> bool:
    """An organization or person after 对/向/与/据 … is no subject of the clause."""
    return text[mention.start - 1 : mention.start] in ("对", "向", "给", "据", "从", "为", "把", "让", "由")


def _inspected(page: ArticleText, lo: int, pos: int) -> list[int]:
    """到X调研, 在X检查: the places and bodies after 到/赴/在 … before the inspection verb."""
    window = page.text[lo:pos]
    cue = max((window.rfind(w) + len(w) for w in _INSPECT_TO if w in window), default=-1)
    if cue < 0:
        return []
    return [i for i, m in page.places.within(lo + cue, pos)]


def _subject_role(page: ArticleText, index: int, role: EventRole, happening_type: EventType) -> str:
    mention = page.mentions[index]
    crime = happening_type.family is EventFamily.CRIME_JUSTICE
    if crime and role is EventRole.AGENT and mention.type is EntityType.ORG and mention.text.endswith(_AUTHORITY_HEADS):
        return EventRole.AUTHORITY.value
    return role.value


def _noun_roles(page: ArticleText, pos: int) -> list[tuple[int, str]]:
    """Persons named after 犯罪嫌疑人 / 死者 … in the sentence: agents and victims."""
    lo, hi = page.sentence_of(pos)
    roles = _noun_role_map(page)
    return [(i, roles[i]) for i, _ in page.actors.within(lo, hi) if i in roles]


def _noun_role_map(page: ArticleText) -> dict[int, str]:
    """The persons named right after an agent's or a victim's noun (犯罪嫌疑人X, 死者X), with that role; once an article."""
    cached = page.memo.get("noun_roles")
    if isinstance(cached, dict):
        return cached
    out: dict[int, str] = {}
    for index, mention in enumerate(page.mentions):
        if mention.type is not EntityType.PER:
            continue
        before = page.text[max(0, mention.start - 6 - _NOUN_REACH) : mention.start].rstrip("，、 ")
        if before.endswith(_AGENT_NOUNS):
            out[index] = EventRole.AGENT.value
        elif before.endswith(_VICTIM_NOUNS):
            out[index] = EventRole.VICTIM.value
    page.memo["noun_roles"] = out
    return out


_SUBJECTLESS = tuple(event_words("subjectless_starts"))
_AGENT_NOUNS = tuple(event_words("agent_nouns"))
_VICTIM_NOUNS = tuple(event_words("victim_nouns"))
_AUTHORITY_HEADS = tuple(event_words("authority_heads"))
_INSPECT_TO = tuple(event_words("inspect_to"))

__all__ = ["attach_participants"]
