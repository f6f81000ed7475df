"""The event taxonomy as the graph states it: an event's type and family from its classes, their labels, parameter values.

An event node carries its type's class, every class above it and its family's
(``ontology/kg.ttl``, materialized), so a theft is a ``kg:Theft``, a ``kg:Crime`` and a
``kg:CrimeJusticeEvent``: its type is the most specific of them. Labels are the classes'
``rdfs:label@zh`` in ``ontology/kg.ttl``, read once. Named queries take a type or a
family by its code, its class or its Chinese label, and a participant's role by its
name (:func:`type_code`, :func:`role_name`).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kg.event_types import EventFamily, EventRole, EventType
from kg.graph.namespace import EVENT_CLASSES, FAMILY_CLASSES, KG, RDFS
from kg.package_data import ontology_path

ANY_EVENT = EventType.EVENT.value  # as a type asked for: every event
ORGANIZER = "organizer"  # schema:organizer, the role beside the participations' kg:participantRole
OTHER_LABEL = "其他事件"  # an event of no type more specific than schema:Event
_TYPE_OF = {iri: kind for kind, iri in EVENT_CLASSES.items()}
_FAMILY_OF = {iri: family for family, iri in FAMILY_CLASSES.items()}
_ORDER = {kind: i for i, kind in enumerate(EventType)}


def classify(classes: Iterable[str]) -> tuple[EventType, EventFamily | None]:
    """An event's type and family from its classes' IRIs.

    The type is the most specific of its type classes (theft before crime, which the
    graph states of every theft too); ``event`` when it has none. The family is its
    type's, else the family class it carries.
    """
    found = set(classes)
    types = {_TYPE_OF[c] for c in found if c in _TYPE_OF}
    above = {parent for kind in types for parent in kind.ancestors()}
    specific = sorted(types - above, key=_ORDER.__getitem__)
    kind = specific[0] if specific else EventType.EVENT
    families = sorted((_FAMILY_OF[c] for c in found if c in _FAMILY_OF), key=list(EventFamily).index)
    return kind, kind.family or (families[0] if families else None)


@functools.cache
def class_labels() -> dict[str, str]:
    """The ``rdfs:label@zh`` of every class ``ontology/kg.ttl`` labels, by IRI."""
    with ontology_path("kg.ttl").open("rb") as stream:
        return {
            quad.subject.value: quad.object.value
            for quad in parse(stream, RdfFormat.TURTLE)
            if quad.predicate == NamedNode(RDFS.label)
            and isinstance(quad.object, Literal)
            and quad.object.language == "zh"
            and isinstance(quad.subject, NamedNode)
        }


def type_label(kind: EventType | str) -> str:
    """A type's Chinese label (火灾); ``其他事件`` for the catch-all."""
    kind = EventType(kind)
    iri = EVENT_CLASSES.get(kind)
    return class_labels().get(iri, kind.value) if iri else OTHER_LABEL


def family_label(family: EventFamily | str | None) -> str:
    """A family's Chinese label (灾害事故); ``其他事件`` for none."""
    if not family:
        return OTHER_LABEL
    family = EventFamily(family)
    return class_labels().get(FAMILY_CLASSES[family], family.value)


# ------------------------------------------------------------------ parameters


@functools.cache
def _type_names() -> dict[str, str]:
    """Every name a type or family is asked by (lower case) → its code."""
    names: dict[str, str] = {ANY_EVENT: ANY_EVENT, "schema:event": ANY_EVENT, "事件": ANY_EVENT}
    labelled = [(kind.value, EVENT_CLASSES[kind]) for kind in EVENT_CLASSES]
    labelled += [(family.value, FAMILY_CLASSES[family]) for family in EventFamily]
    for code, iri in labelled:
        local = iri.removeprefix(KG.ns)
        for name in (code, local, f"kg:{local}", iri, class_labels().get(iri)):
            if name:
                names.setdefault(name.lower(), code)
    return names


def type_code(value: str) -> str:
    """The code of the event type or family ``value`` names, by code, class or Chinese label.

    ``fire``, ``Fire``, ``kg:Fire``, its IRI and 火灾 all give ``fire``; ``disaster`` and
    ``kg:DisasterEvent`` give ``disaster``; ``event`` asks for every event.

    Raises:
        ValueError: nothing of the taxonomy has that name (the message suggests near codes).
    """
    wanted = value.strip().lower()
    code = _type_names().get(wanted)
    if code is not None:
        return code
    codes = [kind.value for kind in EventType] + [family.value for family in EventFamily]
    near = difflib.get_close_matches(wanted, codes, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    raise ValueError(f"{hint}expected an event type ({', '.join(codes[:-6])}) or family ({', '.join(codes[-6:])})")


def role_name(value: str) -> str:
    """A participant's role as the graph states it: organizer, or a :class:`EventRole` value.

    Raises:
        ValueError: no role has that name.
    """
    wanted = value.strip().lower()
    roles = [ORGANIZER, *(role.value for role in EventRole)]
    if wanted in roles:
        return wanted
    near = difflib.get_close_matches(wanted, roles, n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    raise ValueError(f"{hint}expected one of {', '.join(roles)}")


__all__ = ["ANY_EVENT", "ORGANIZER", "class_labels", "classify", "family_label", "role_name", "type_code", "type_label"]
