"""Finer kinds of organizations and places: each a schema.org class or one of ``ontology/kg.ttl``.

A mention or entity keeps its base type (:class:`kg.model.EntityType`) and may add one
kind. The value is the class's local name; :attr:`EntityKind.vocabulary` says whether it
is schema.org's or kg's own (roads, highways, markets: schema.org has no class for them).
The graph layer states both classes, the base and the kind (a test checks every kind is
a class of the ontology or of schema.org).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import EntityType


class EntityKind(str, enum.Enum):
    """A schema.org (or kg) subclass of Organization or Place."""

    # organizations
    GOVERNMENT = "GovernmentOrganization"  # 政府 局 委员会 法院 …
    CORPORATION = "Corporation"  # 公司 集团, brands and platforms
    SPORTS_TEAM = "SportsTeam"  # 队 俱乐部, football clubs
    HOSPITAL = "Hospital"  # 医院 卫生院
    SCHOOL = "EducationalOrganization"  # 大学 学院 中学 小学 幼儿园
    NGO = "NGO"  # 协会 学会 基金会 商会
    NEWS_MEDIA = "NewsMediaOrganization"  # 报社 电视台 通讯社
    STORE = "Store"  # 超市 商店 店
    POLITICAL_PARTY = "PoliticalParty"  # 党 and its committees
    # places
    COUNTRY = "Country"
    ADMINISTRATIVE_AREA = "AdministrativeArea"  # a division with a code
    CITY = "City"  # a foreign city
    ROAD = "Road"  # 路 街 大道 巷 (kg)
    HIGHWAY = "Highway"  # 高速 国道 省道 and their sections (kg)
    PARK = "Park"  # 公园 游园 绿地
    SQUARE = "Square"  # 广场 (kg)
    MARKET = "Market"  # 市场 农贸市场 商场 (kg)
    CIVIC_STRUCTURE = "CivicStructure"  # 车站 机场 码头 体育馆 …
    LANDMARK = "LandmarksOrHistoricalBuildings"  # 故居 塔 楼 寺 遗址
    TOURIST_ATTRACTION = "TouristAttraction"  # 景区 风景区
    BODY_OF_WATER = "BodyOfWater"  # 江 河 湖 水库
    MOUNTAIN = "Mountain"  # 山 岭

    @property
    def base(self) -> "EntityType":
        """The base type a mention of this kind has."""
        from kg.model import EntityType  # kg.model types its fields with this module's enum

        return EntityType.ORG if self in _ORGANIZATIONS else EntityType.LOC

    @property
    def vocabulary(self) -> str:
        """``"kg"`` for the project's own classes, ``"schema"`` for schema.org's."""
        return "kg" if self in _KG_CLASSES else "schema"

    @property
    def label(self) -> str:
        """The kind's Chinese name (医院); kg's own classes as ``ontology/kg.ttl`` labels them."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The kind's English name (Hospital)."""
        return _LABELS[self][1]

    @property
    def display(self) -> str:
        """Both names, as the views show them: ``医院 Hospital``."""
        return f"{self.label} {self.label_en}"


_ORGANIZATIONS = frozenset({
    EntityKind.GOVERNMENT, EntityKind.CORPORATION, EntityKind.SPORTS_TEAM, EntityKind.HOSPITAL,
    EntityKind.SCHOOL, EntityKind.NGO, EntityKind.NEWS_MEDIA, EntityKind.STORE, EntityKind.POLITICAL_PARTY,
})
_KG_CLASSES = frozenset({EntityKind.ROAD, EntityKind.HIGHWAY, EntityKind.SQUARE, EntityKind.MARKET})
# What the views and stats call each kind: (Chinese, English).
_LABELS: dict[EntityKind, tuple[str, str]] = {
    EntityKind.GOVERNMENT: ("政府机构", "Government organization"),
    EntityKind.CORPORATION: ("企业", "Corporation"),
    EntityKind.SPORTS_TEAM: ("运动队", "Sports team"),
    EntityKind.HOSPITAL: ("医院", "Hospital"),
    EntityKind.SCHOOL: ("教育机构", "Educational organization"),
    EntityKind.NGO: ("社会组织", "NGO"),
    EntityKind.NEWS_MEDIA: ("新闻媒体", "News media"),
    EntityKind.STORE: ("商店", "Store"),
    EntityKind.POLITICAL_PARTY: ("政党", "Political party"),
    EntityKind.COUNTRY: ("国家", "Country"),
    EntityKind.ADMINISTRATIVE_AREA: ("行政区划", "Administrative area"),
    EntityKind.CITY: ("城市", "City"),
    EntityKind.ROAD: ("道路", "Road"),
    EntityKind.HIGHWAY: ("公路", "Highway"),
    EntityKind.PARK: ("公园", "Park"),
    EntityKind.SQUARE: ("广场", "Square"),
    EntityKind.MARKET: ("市场", "Market"),
    EntityKind.CIVIC_STRUCTURE: ("公共设施", "Civic structure"),
    EntityKind.LANDMARK: ("名胜古迹", "Landmark or historical building"),
    EntityKind.TOURIST_ATTRACTION: ("旅游景区", "Tourist attraction"),
    EntityKind.BODY_OF_WATER: ("水域", "Body of water"),
    EntityKind.MOUNTAIN: ("山岭", "Mountain"),
}
