"""Stage 2: find the speakers of a meeting report and the sentences that carry their words.

Method (rules over sentence structure, no statistical model):

1. Person mentions. A name is a surname (single or compound, from a bundled list), or a
   name with a middle dot, followed by one or two given-name characters, and it is accepted
   only where the structure vouches for it: after a chain of titles ending in a title word
   (…会长、…原副书记陈存根), as an item of a roster (A、B、C分别致辞), or as the subject of a
   speech cue (马瑞民表示，…). Once accepted, a name is recognised bare anywhere, and
   surname+title short forms (王书记) resolve to the person with that surname and title.
   jieba's tagger breaks ties only where the structure leaves two readings.
2. Speech. A sentence whose subject is a person, a pronoun (他/她) or a short form, followed
   by an optional frame (在致辞中/在讲话时/会上) and a cue verb (表示, 指出, 强调, 说, …) not
   followed by 了, opens reported speech; a quotation opened by a speaker runs to its
   closing mark; a quotation followed by "某某说。" belongs to that speaker.
3. Continuation. Following sentences with no subject of their own (要……；必须……；一是……)
   stay with the current speaker until a new speaker, a narration marker (据了解, 会议还…,
   近年来…) or a paragraph without a continuation cue takes over; a pronoun cue reaches back
   over intervening narration to the last person named as a subject.
4. Rosters and acts. Lists of people with a speaking act (分别致辞, 交流发言, 主持, 进行了交流
   分享) make speakers without words; non-speaking acts (出席, 启动, 签订, 陪同) and page
   credits (reporters, photographers, editors, which stage 1 sets aside) never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .article import Article, parse_article
from .errors import InputError
from .metrics import split_sentences

__all__ = ["Remark", "Speaker", "Person", "Segmentation", "segment"]


@dataclass(frozen=True)
class Remark:
    """One stretch of reported (indirect) or quoted (direct) speech, with offsets into the text."""

    text: str
    start: int
    end: int
    kind: str  # "indirect" or "direct"

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass(frozen=True)
class Speaker:
    """Someone reported as speaking at the event, with or without reported words."""

    name: str
    titles: tuple[str, ...] = ()
    role: str | None = None
    remarks: tuple[Remark, ...] = ()

    @property
    def text(self) -> str:
        """The speaker's remarks joined in order: what summaries and themes are computed on."""
        return "".join(r.text for r in self.remarks)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "titles": list(self.titles),
            "role": self.role,
            "remarks": [r.to_dict() for r in self.remarks],
        }


@dataclass(frozen=True)
class Person:
    """A named person who is not a speaker: reporter, photographer, editor or participant."""

    name: str
    role: str
    titles: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "titles": list(self.titles)}


@dataclass(frozen=True)
class Segmentation:
    """The speakers of one article, in order of first appearance, and who else is named."""

    article: Article
    speakers: tuple[Speaker, ...]
    others: tuple[Person, ...] = ()

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def speakers_with_remarks(self) -> tuple[Speaker, ...]:
        return tuple(s for s in self.speakers if s.remarks)

    def speaker(self, name: str) -> Speaker:
        for s in self.speakers:
            if s.name == name:
                return s
        raise KeyError(name)

    def to_dict(self, include_text: bool = False) -> dict:
        a = self.article
        return {
            "headline": a.headline,
            "published": a.published,
            "source": a.source,
            "dateline": a.dateline,
            "speakers": [s.to_dict() for s in self.speakers],
            "others": [p.to_dict() for p in self.others],
            **({"text": a.text} if include_text else {}),
        }
