"""Names side by side the tagger read as one yield to their parts: divisions, and bodies of a list."""

from __future__ import annotations

from kg.extract.gazetteer import load_gazetteer
from kg.extract.recognize.side_by_side import split_addresses
from kg.model import EntityType, Mention, MentionSource

LOC = EntityType.LOC


def test_a_tagger_address_of_divisions_yields_to_them_though_a_short_name_starts_there_too() -> None:
    def loc(start: int, end: int, source: MentionSource) -> Mention:
        return Mention("k", start, end, "x" * (end - start), LOC, source)

    divisions = [loc(0, 3, MentionSource.GAZETTEER), loc(3, 6, MentionSource.GAZETTEER), loc(3, 5, MentionSource.ALIAS)]
    tagged = loc(3, 9, MentionSource.TAGGER)  # 某某区|某某镇 read whole; 某某 the district's short name
    town = loc(6, 9, MentionSource.GAZETTEER)
    assert tagged not in split_addresses([*divisions, town, tagged], "x" * 9, lambda at: 0)


def _bodies_read_whole(text: str, *bodies: str) -> list[str]:
    """What split_addresses keeps of a tagger span over ``text`` with the grammar's ``bodies`` inside it."""
    candidates = [Mention("t", 0, len(text), text, EntityType.ORG, MentionSource.TAGGER)]
    for body in bodies:
        start = text.index(body)
        candidates.append(Mention("t", start, start + len(body), body, EntityType.ORG, MentionSource.GRAMMAR))
    place_at = lambda at: load_gazetteer().place_at(text, at)  # noqa: E731
    return [m.text for m in split_addresses(candidates, text, place_at)]


def test_a_list_of_bodies_printed_without_separators_is_its_bodies() -> None:
    text = "上海电视台天津市青年艺术剧团广州市海珠区教育局"
    bodies = ("上海电视台", "天津市青年艺术剧团", "广州市海珠区教育局")
    assert _bodies_read_whole(text, *bodies) == list(bodies)


def test_a_unit_named_after_its_subject_or_a_branch_stays_in_its_body() -> None:
    # place + head: a unit named after what it studies; a branch is named after its body and place
    assert _bodies_read_whole("某某大学日本研究所", "某某大学", "日本研究所")[0] == "某某大学日本研究所"
    assert _bodies_read_whole("某某银行杭州市城东支行", "某某银行", "杭州市城东支行")[0] == "某某银行杭州市城东支行"
    # the first part must be a body by its head too, not a group's short name before its company
    assert _bodies_read_whole("甲乙杭州电力机车有限公司", "甲乙", "杭州电力机车有限公司")[0] == "甲乙杭州电力机车有限公司"



def test_two_bodies_so_named_may_be_a_group_and_its_subsidiary_and_stay_whole():
    # a group's name, then its company's named after its own place: one name, as registered
    text = "滨江建设集团杭州市政工程有限公司"
    assert _bodies_read_whole(text, "滨江建设集团", "杭州市政工程有限公司")[0] == text
