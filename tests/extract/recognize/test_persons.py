"""Person rules: title + name, a bare surname before a form of address or 某."""

from __future__ import annotations

from kg.extract.recognize import _title_scanner
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.recognize.persons import find_surnames, find_titled_persons
from kg.lang.words import WordIndex
from kg.model import EntityType, MentionSource


def _found(finder, source: MentionSource, text: str) -> list[str]:  # noqa: ANN001 - a person rule
    lex = load_lexicon()
    found = list(finder("t", text, lex, WordIndex.of(text), _title_scanner(lex).find(text)))
    for m in found:
        assert text[m.start : m.end] == m.text and m.type is EntityType.PER and m.source is source
    return [m.text for m in found]


def _titled(text: str) -> list[str]:
    return _found(find_titled_persons, MentionSource.RULE, text)


def _surnames(text: str) -> list[str]:
    return _found(find_surnames, MentionSource.SURNAME, text)


def test_a_room_after_a_surname_like_character_is_no_name() -> None:
    # 学生 ends 留学生; 楼 is a surname, but 餐厅 is a room, no given name.
    assert _titled("他们在留学生楼餐厅吃饭。") == []
    assert _titled("学生楼大海说，考试不难。") == ["楼大海"]


def test_a_name_before_an_academician_is_a_person() -> None:
    assert _titled("同事们来到钱立群院士家。") == ["钱立群"]
    assert _titled("中国工程院院士说，项目很重要。") == []


def test_a_surname_before_a_form_of_address() -> None:
    assert _surnames("村里的李大娘说，日子好过了。") == ["李"]
    assert _surnames("王司长来了三个月。") == ["王"]


def test_the_surname_of_an_anonymized_person() -> None:
    assert _surnames("犯罪嫌疑人刘某被抓获。") == ["刘"]
    assert _surnames("刘某某被判处有期徒刑。") == []  # the tagger reads 刘某某 whole
    assert _surnames("陈某、李某等人到场。") == ["陈", "李"]
    assert _surnames("某地某部发生火灾。") == []


def test_a_follower_that_starts_no_word_ends_the_name() -> None:
    # 强 follows a name only as 强调; before 报道 it is the name's last character.
    assert _titled("记者孟小强报道：今年夏粮丰收。") == ["孟小强"]
    assert _titled("记者孟刚强调说，夏粮丰收。") == ["孟刚"]


def test_a_word_and_a_particle_before_a_title_are_no_name() -> None:
    assert _titled("会上，谈话中总理问起收成。") == []
    assert _titled("会上，纪委的同志来了。") == []
    assert _titled("会上，由吴先生转交。") == []


def _familiar(text: str) -> list[str]:
    from kg.extract.recognize.familiar import find_familiar

    found = list(find_familiar("t", text, WordIndex.of(text)))
    assert all(m.source is MentionSource.SURNAME and m.type is EntityType.PER for m in found)
    return [m.text for m in found]


def test_old_or_young_and_a_surname_address_a_person() -> None:
    # PFR tags 老X and 小X (X a surname) as one person's name.
    assert _familiar("邻居老王说，那天他听到一声巨响。") == ["老王"]
    assert _familiar("老张和小刘一起去了县城。") == ["老张", "小刘"]
    assert _familiar("小李今年二十岁，在厂里当学徒。") == ["小李"]


def test_old_or_young_before_a_word_or_a_thing_is_no_address() -> None:
    assert _familiar("增幅小于5%。") == []  # a verb of the dictionary, no person's cue after it
    assert _familiar("墙上有一个小孔。") == []  # a measure before it
    assert _familiar("他爱吃小龙虾，也领了养老金。") == []  # a word runs across its edges
    assert _familiar("小王磊今年上初中。") == []  # 小 before a full name
    assert _familiar("挥舞着小白幡。") == []  # a one-character noun after it
    assert _familiar("袖子卷得老高老高。") == []  # repeated: an adverb of degree
    assert _familiar("小马说，他明天就走。") == ["小马"]  # a word only a person takes follows


def test_familiar_addresses_are_recognized() -> None:
    from kg.extract.recognize import recognize_text

    (mentions,) = recognize_text(["一见面，老胡激动地说，村里变了样。"], use_tagger=False)
    assert [(m.text, m.type) for m in mentions] == [("老胡", EntityType.PER)]


def test_a_unit_before_its_own_head_is_no_surname() -> None:
    # 师 and 连 are surnames, but 第七师师长 is the division's commander, 三连连长 the company's.
    assert _surnames("他曾任第七师师长。") == []
    assert _surnames("他是三连连长。") == []
    assert _surnames("村里的李大娘和王师长都来了。") == ["李", "王"]


def test_a_title_after_a_name_does_not_open_another() -> None:
    # 同志 follows 王建华 here: 贺词 (which jieba's dictionary tags as a name) is the message.
    assert _titled("会上宣读了王建华同志贺词。") == ["王建华"]
    assert _titled("同志王建国说，任务很重。") == ["王建国"]


def test_the_last_listed_name_stops_before_two_followers() -> None:
    from kg.extract.recognize.person_lists import find_listed_persons
    from kg.model import Mention

    text = "我和王红、李刚都是老同学。"
    seed = Mention("t", 2, 4, "王红", EntityType.PER, MentionSource.RULE)
    found = find_listed_persons("t", text, load_lexicon(), [seed], lambda _: False)
    assert [m.text for m in found] == ["李刚"]
    text = "我和王红、李刚强说了。"
    found = find_listed_persons("t", text, load_lexicon(), [seed], lambda _: False)
    assert [m.text for m in found] == ["李刚强"]


def test_a_familiar_pair_that_opens_a_village_is_no_person() -> None:
    from kg.extract.recognize.familiar import find_familiar

    text = "全国劳模、高唐县小王营村党支部书记说。"
    assert [m.text for m in find_familiar("t", text, WordIndex.of(text))] == []
    text = "老王说，今年收成好。"
    assert [m.text for m in find_familiar("t", text, WordIndex.of(text))] == ["老王"]


def test_a_full_name_in_a_list_of_names_is_kept() -> None:
    from kg.extract.recognize import fusion
    from kg.extract.spans import SpanIndex
    from kg.model import Mention

    def kept(text: str, surface: str) -> bool:
        start = text.index(surface)
        m = Mention("t", start, start + len(surface), surface, EntityType.PER, MentionSource.TAGGER)
        return fusion.in_context(m, text, WordIndex.of(text), SpanIndex([]), load_lexicon())

    # The neighbours were not tagged, but they read as names: a list of persons.
    assert kept("撰稿人有：赵文哲、苏明远……", "苏明远")
    assert kept("队员有：卡尔森、托雷斯、马丁。", "托雷斯")
    # 护绿、爱绿、兴绿: verb phrases of one length, none a name.
    assert not kept("口号是：护绿、爱绿、兴绿。", "爱绿")


def test_names_after_sports_and_local_roles() -> None:
    assert _titled("球队主帅贝尔萨说，比赛很艰难。") == ["贝尔萨"]
    assert _titled("果农陈有福在园里摘桃。") == ["陈有福"]
    assert _titled("广场上的外援们在热身。") == []


def test_a_title_stands_before_both_names_joined_by_he() -> None:
    assert _titled("外援马塞洛和罗德里戈双双进球。") == ["马塞洛", "罗德里戈"]
    assert _titled("外援马塞洛和队友们一起庆祝。") == ["马塞洛"]


def test_a_name_ends_before_a_verb_of_the_dictionary() -> None:
    assert _titled("跑友钱斌组织了一场夜跑。") == ["钱斌"]
    assert _titled("爱好者钱伟凌晨出门拍照。") == ["钱伟"]
    # 但 is a conjunction and 慕名 a word: no surname and given name before the verb.
    assert _titled("虽是工人但也风吹不着。") == []
    assert _titled("记者慕名前往油田采访。") == []



def test_a_three_character_name_before_a_verb_of_the_dictionary() -> None:
    # 不凡 is a word of its own, but 回到 and 连续 start right after three characters.
    assert _titled("歌手陈不凡回到家乡办演唱会。") == ["陈不凡"]
    assert _titled("教练何志远连续三年带队夺冠。") == ["何志远"]
    # 一起 is a word: the name is two characters and 一 starts the next word.
    assert _titled("演员张华一起来到片场。") == ["张华"]


def test_a_verb_and_its_complement_follow_a_two_character_name() -> None:
    assert _titled("村民王涛晒出自家的账本。") == ["王涛"]
    assert _titled("村民刘洋走进教室。") == ["刘洋"]


def test_a_preposition_after_a_name_is_not_its_last_character() -> None:
    # 主席 of 主席台 reads as a title after 李伟在: a name does not end in 在.
    assert _titled("李伟在主席台上讲话。") == []
    assert _titled("李伟主席在会上讲话。") == ["李伟"]


def test_a_word_the_segmenter_guessed_may_be_a_name_after_a_title() -> None:
    # jieba guesses 周明资 as one word (no dictionary's); its first two characters are no word either.
    assert _titled("公司首席执行官周明资出席听证会。") == ["周明资"]


def test_who_someone_is_in_a_local_story_is_a_title() -> None:
    assert _titled("业主孙文说电梯常坏。") == ["孙文"]
    assert _titled("上班族韩露说，夜宵店开到很晚。") == ["韩露"]


def test_a_title_inside_a_word_or_before_a_particle_takes_no_name() -> None:
    assert _titled("获得全国“青年文明号”称号。") == []  # 青年文明 is one word
    assert _titled("村干部干的是具体工作。") == []  # 干 is a surname, 干的 no name


def test_a_name_ends_where_the_next_title_begins() -> None:
    assert _titled("本报记者陈涛特约通讯员王林报道：连日来多地降雨。") == ["陈涛", "王林"]
    assert _titled("本报记者孙斌特约记者报道。") == ["孙斌"]


def test_a_credit_s_role_after_a_slash_is_no_part_of_the_next_name() -> None:
    from kg.extract.recognize import recognize_text

    (found,) = recognize_text(["新馆明天启用。（晚报记者方宁/文赵冬/图）"])
    assert "文赵冬" not in {m.text for m in found}


def test_a_guessed_three_character_name_before_a_word() -> None:
    # jieba guesses 陈鲁一 as a name: 一 ends it, since 饰演 starts after it.
    assert _titled("演员陈鲁一饰演的警官很受欢迎。") == ["陈鲁一"]
    assert _titled("记者吴锦在会上说。") == ["吴锦"]  # 在 ends no guess


def test_a_rare_surname_and_a_title_that_are_one_word_are_no_person() -> None:
    assert _surnames("班主任周立新说，要减负。") == []
    assert _surnames("江主席说，要团结。") == ["江"]


def test_former_before_a_title_is_no_part_of_a_name() -> None:
    # 韩 is a surname: 韩国前 read as a name before 总统 would be one.
    assert _titled("韩国前总统金大中表示反对。") == ["金大中"]


def test_a_trade_or_a_role_before_a_name_is_a_title() -> None:
    assert _titled("椒农曹德林在地里摘花椒。") == ["曹德林"]
    assert _titled("证券分析师韦立群认为，行情趋稳。") == ["韦立群"]
    assert _titled("出租车司机郭长顺说，路况好多了。") == ["郭长顺"]
    assert _titled("花农们说，今年行情好。") == []


def test_a_household_after_a_name_stays_out_of_it() -> None:
    assert _titled("村民樊志高家的果园丰收了。") == ["樊志高"]
    assert _titled("村民樊志家住在村口。") == ["樊志"]
    assert _titled("村民樊志高家门口停满了车。") == ["樊志高"]


def test_a_guess_of_the_segmenter_s_does_not_block_a_name_after_a_title() -> None:
    # The segmenter cuts a name the dictionary does not know into guesses (周受|资在); only a
    # word of the dictionary (中心, 信箱) after a surname-like character stops the name.
    assert _titled("公司首席执行官周受资在会上发言。") == ["周受资"]
    assert _titled("记者信箱收到来信。") == []
    assert _titled("他在院长任上干了十年。") == []  # 任 and a locative: no name


def test_a_company_before_a_title_is_no_name() -> None:
    # A place's name right before two characters, or 出任 before them: the title's body.
    assert _titled("美国通航董事长说，订单增加。") == []
    assert _titled("他出任宁发董事长一职。") == []
    assert _titled("农家乐老板说，客人多了。") == []
    assert _titled("会上，葛志高董事长说，订单增加。") == ["葛志高"]
