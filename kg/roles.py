"""Byline roles, as printed (记者, 通讯员, 摄影 …): kept apart from :mod:`kg.model` so that the
graph's namespace (and with it ``kg --help``) needs no more than them."""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    """A byline role, as printed: 记者 is an author, the others contribute."""

    REPORTER = "reporter"  # 记者, 本报记者, 见习记者, 特约记者, 驻X记者 …; names bare in a dateline's brackets
    CORRESPONDENT = "correspondent"  # 通讯员, 特约通讯员; a name printed before 记者 without a role
    INTERN = "intern"  # 实习生, 实习记者
    PHOTOGRAPHER = "photographer"  # 摄影, 摄, 摄影记者, X/摄, 图/X
    WRITER = "writer"  # 文/X, X/文, 撰文, 本报评论员; a bare name in brackets after the story
    EDITOR = "editor"  # 编辑, 责任编辑, 校对, 美编: a page credit, never on an article

    @property
    def is_author(self) -> bool:
        return self in (Role.REPORTER, Role.WRITER)
