"""The name model: names printed run together are split by surnames and plausibility (invented names)."""

from __future__ import annotations

import itertools

import pytest

from kg.lang.person_names import frequent_surnames, split_run, surnames

POOL = ["张三", "李四", "王五", "赵六", "孙晓梅", "周建伟", "吴思远", "郑雨桐", "钱一鸣", "冯子涵", "陈可欣", "欧阳明远"]


@pytest.mark.parametrize(
    ("run", "names"),
    [
        ("张三", ("张三",)),
        ("孙晓梅", ("孙晓梅",)),
        ("张三李四", ("张三", "李四")),  # two names, not one name of four characters
        ("孙晓梅周建伟", ("孙晓梅", "周建伟")),
        ("张三孙晓梅李四", ("张三", "孙晓梅", "李四")),
        ("欧阳明远", ("欧阳明远",)),  # a compound surname makes four characters one name
        ("欧阳明远郑雨桐", ("欧阳明远", "郑雨桐")),
        ("阿依古丽·买买提", ("阿依古丽·买买提",)),
    ],
)
def test_runs_split_into_names(run, names):
    assert split_run(run) == names


@pytest.mark.parametrize(
    "run",
    [
        "张伟高林峰",  # 张伟/高林峰 or 张伟高/林峰: both surnames frequent, refused rather than guessed
        "从市文旅局获悉",
        "张三表示",  # a speech verb is no given name
        "王刚李明表示",
        "张",
        "张三李四王五赵六孙晓梅周建伟吴思远",  # longer than any list of names printed together
    ],
)
def test_runs_that_are_no_names_or_ambiguous_are_refused(run):
    assert split_run(run) is None


def test_every_pair_and_triple_of_the_pool_splits_back():
    for size in (2, 3):
        for names in itertools.permutations(POOL, size):
            assert split_run("".join(names)) == names


def test_the_frequent_surnames_are_surnames():
    assert len(frequent_surnames()) == 100 and frequent_surnames() <= surnames()
