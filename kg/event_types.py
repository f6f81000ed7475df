"""The event taxonomy of Chinese news: each type's code, its family and its parent.

The codes are what travels between stages (``EventMention.event_type``); each type is
a class of ``ontology/kg.ttl`` with its Chinese and English labels, its definition and
its schema.org superclass, which the graph layer maps from here (a test checks both
agree). Families are abstract: an event is typed with a leaf or a parent, never a family
alone. The named events kg found first (meetings, campaigns, activities, selections,
recruitment, holidays) fit into the same tree.
"""

from __future__ import annotations

import enum


class EventFamily(str, enum.Enum):
    """The top of the taxonomy: what part of public life an event belongs to."""

    DISASTER = "disaster"  # 灾害事故
    CRIME_JUSTICE = "crime_justice"  # 违法犯罪与司法
    POLITICS = "politics"  # 政务
    ECONOMY = "economy"  # 经济
    SOCIETY = "society"  # 社会
    CULTURE = "culture"  # 文教体育


class EventType(str, enum.Enum):
    """Kinds of event; each is a class of ``ontology/kg.ttl``."""

    # disasters and accidents
    FIRE = "fire"  # 火灾 失火 起火
    TRAFFIC_ACCIDENT = "traffic_accident"  # 交通事故 车祸 相撞 侧翻
    EARTHQUAKE = "earthquake"  # 地震
    FLOOD_STORM = "flood_storm"  # 洪涝 暴雨 台风 泥石流
    EXPLOSION = "explosion"  # 爆炸
    COLLAPSE = "collapse"  # 坍塌 垮塌
    POISONING = "poisoning"  # 中毒
    DROWNING = "drowning"  # 溺水 落水
    MINE_ACCIDENT = "mine_accident"  # 矿难 透水 瓦斯
    # crime and justice
    CRIME = "crime"  # 犯罪, 案件 of any kind
    THEFT = "theft"  # 盗窃 抢劫
    FRAUD = "fraud"  # 诈骗 电诈
    ASSAULT = "assault"  # 伤害 殴打 杀人
    ATTACK = "attack"  # 袭击 恐怖袭击 劫持
    DRUGS = "drugs"  # 贩毒 吸毒
    ARREST = "arrest"  # 抓获 逮捕 刑拘 落网
    INVESTIGATION = "investigation"  # 立案 调查 侦查 审查调查
    PROSECUTION = "prosecution"  # 提起公诉 起诉
    TRIAL = "trial"  # 审理 开庭 宣判 判处
    # politics and government
    MEETING = "meeting"  # 会议 大会 座谈会 …
    CAMPAIGN = "campaign"  # 行动 专项治理 会战 工程 攻坚 …
    INSPECTION = "inspection"  # 调研 视察 检查 督导 考察
    SPEECH = "speech"  # 讲话 指示 批示 致辞
    APPOINTMENT = "appointment"  # 任命 任职 当选 (to an office)
    DISMISSAL = "dismissal"  # 免职 撤职 开除
    POLICY = "policy"  # 印发 出台 发布 施行 (a document, a policy)
    SIGNING = "signing"  # 签署 签约 签订 (an agreement)
    ELECTION = "election"  # 选举 换届 投票
    # economy
    PROJECT_START = "project_start"  # 开工 奠基
    PROJECT_COMPLETION = "project_completion"  # 竣工 完工 建成
    PROJECT_OPERATION = "project_operation"  # 投产 运营 通车 投用
    OPENING = "opening"  # 开业 开幕 揭牌 开园
    INVESTMENT = "investment"  # 投资 融资 增资
    CONTRACT = "contract"  # 中标 合同 订单
    LAUNCH = "launch"  # 上市 发射 首发 发布 (a product)
    # society
    AWARD = "award"  # 表彰 获评 荣获 授予
    SELECTION = "selection"  # 评选 评比 (the contest for an award)
    RECRUITMENT = "recruitment"  # 招生 考试 征兵 招聘 …
    RESCUE = "rescue"  # 救援 营救 搜救
    DEATH = "death"  # 逝世 去世 身亡 遇难
    DONATION = "donation"  # 捐赠 捐款 捐助
    VOLUNTEER = "volunteer"  # 志愿服务 义诊 义务
    DISPUTE = "dispute"  # 纠纷 抗议 上访 维权
    ACTIVITY = "activity"  # “X”活动 赠书活动 …
    # culture, education and sport
    EXHIBITION = "exhibition"  # 展览 博览会 展会
    PERFORMANCE = "performance"  # 演出 汇演 音乐会
    COMPETITION = "competition"  # 比赛 大赛 锦标赛 决赛
    FESTIVAL = "festival"  # 文化节 旅游节 庙会
    HOLIDAY = "holiday"  # 春节 元旦 春运 …
    EVENT = "event"  # anything else

    @property
    def family(self) -> EventFamily | None:
        """The type's family; None for the catch-all ``event``."""
        return _FAMILY.get(self)

    @property
    def parent(self) -> EventType | None:
        """The type it is a kind of, below its family (theft → crime); None when the family is next."""
        return _PARENT.get(self)

    def ancestors(self) -> tuple[EventType, ...]:
        """Its parent types, nearest first (theft → (crime,)); the family is not among them."""
        chain: list[EventType] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return tuple(chain)


_MEMBERS: dict[EventFamily, tuple[EventType, ...]] = {
    EventFamily.DISASTER: (
        EventType.FIRE, EventType.TRAFFIC_ACCIDENT, EventType.EARTHQUAKE, EventType.FLOOD_STORM,
        EventType.EXPLOSION, EventType.COLLAPSE, EventType.POISONING, EventType.DROWNING, EventType.MINE_ACCIDENT,
    ),
    EventFamily.CRIME_JUSTICE: (
        EventType.CRIME, EventType.THEFT, EventType.FRAUD, EventType.ASSAULT, EventType.ATTACK, EventType.DRUGS,
        EventType.ARREST, EventType.INVESTIGATION, EventType.PROSECUTION, EventType.TRIAL,
    ),
    EventFamily.POLITICS: (
        EventType.MEETING, EventType.CAMPAIGN, EventType.INSPECTION, EventType.SPEECH, EventType.APPOINTMENT,
        EventType.DISMISSAL, EventType.POLICY, EventType.SIGNING, EventType.ELECTION,
    ),
    EventFamily.ECONOMY: (
        EventType.PROJECT_START, EventType.PROJECT_COMPLETION, EventType.PROJECT_OPERATION, EventType.OPENING,
        EventType.INVESTMENT, EventType.CONTRACT, EventType.LAUNCH,
    ),
    EventFamily.SOCIETY: (
        EventType.AWARD, EventType.SELECTION, EventType.RECRUITMENT, EventType.RESCUE, EventType.DEATH,
        EventType.DONATION, EventType.VOLUNTEER, EventType.DISPUTE, EventType.ACTIVITY,
    ),
    EventFamily.CULTURE: (
        EventType.EXHIBITION, EventType.PERFORMANCE, EventType.COMPETITION, EventType.FESTIVAL, EventType.HOLIDAY,
    ),
}
_FAMILY: dict[EventType, EventFamily] = {t: f for f, members in _MEMBERS.items() for t in members}
# Subtypes: the kinds of crime are crimes; an award's selection is a kind of award.
_PARENT: dict[EventType, EventType] = {
    EventType.THEFT: EventType.CRIME,
    EventType.FRAUD: EventType.CRIME,
    EventType.ASSAULT: EventType.CRIME,
    EventType.ATTACK: EventType.CRIME,
    EventType.DRUGS: EventType.CRIME,
    EventType.SELECTION: EventType.AWARD,
}


class Figure(str, enum.Enum):
    """What a stated figure of an event counts (死亡3人, 过火面积200亩, 涉案金额50万元)."""

    DEATHS = "deaths"  # 死亡 遇难 身亡
    INJURIES = "injuries"  # 受伤 伤
    MISSING = "missing"  # 失踪 下落不明
    TRAPPED = "trapped"  # 被困
    RESCUED = "rescued"  # 获救 救出 疏散
    ARRESTS = "arrests"  # 抓获 刑拘 (persons)
    AREA = "area"  # 过火面积 受灾面积 (with its unit)
    AMOUNT = "amount"  # 涉案金额 投资 损失 (money, with its unit)
    MAGNITUDE = "magnitude"  # 里氏5.8级


class EventRole(str, enum.Enum):
    """A participant's part in an event (the graph's ``kg:role``); organizers are ``schema:organizer``."""

    ATTENDED = "attended"  # 出席 参加 (an attendee)
    PARTICIPATED = "participated"  # 参与 (took part in its work)
    CHAIRED = "chaired"  # 主持
    SPOKE = "spoke"  # 讲话 致辞
    AGENT = "agent"  # who did it: the suspect, the driver, the investor
    VICTIM = "victim"  # who suffered it: the dead, the injured, the defrauded
    INSPECTOR = "inspector"  # who visited: 调研 视察 检查
    INSPECTED = "inspected"  # the body or place visited
    WINNER = "winner"  # 获奖 获评 夺冠
    AUTHORITY = "authority"  # the police, court or body acting: 公安机关 法院
    PARTY = "party"  # a side of an agreement or a contract


__all__ = ["EventFamily", "EventRole", "EventType", "Figure"]
