"""People: one entry per person across articles, with why mentions were joined or kept apart.

Method. Mentions (a speaker of one article) are grouped by name, and within a name joined
into people by what their titles say (:mod:`.titles`):

1. Mentions whose titles name a place, an organisation or a title worth comparing come
   first, oldest first. A mention joins the person of that name with whom it shares such an
   anchor (the same city, university or title) and whose places do not conflict with its own;
   two *conflict* when they name different units of one level (临江市 and 云州市, or 云溪县 and
   白沙县). A title change over time (临江市市长, then 临江市委书记) is one person, with both titles
   in its history. No shared anchor, or a conflict, starts a new person.
2. Then mentions without such titles: a bare name joins the only person of that name, a bare
   position (教授, 居民代表) the only person of that name who held it; when there are several,
   the mention is kept apart as a person of its own, marked ambiguous, rather than guessed.

Every mention records why it joined its person, and every two people of one name record
why they were kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

from .records import Mention
from .titles import LEVELS, Anchor

__all__ = ["Member", "Cluster", "cluster_people", "apart_reasons"]

# Which anchor explains a merge best: the most specific place first, then organisations, titles.
_RANK: dict[tuple[str, str | None], int] = (
    {("place", level): i for i, level in enumerate(reversed(LEVELS))} | {("org", None): 10, ("title", None): 11}
)


@dataclass(frozen=True)
class Member:
    """One mention in its person: the article (index into the corpus), its date, and why it joined."""

    article: int
    date: str | None
    mention: Mention
    why: str


def _places(anchors: Iterable[Anchor]) -> dict[str, dict]:
    """Place anchors by level: {level: {key: anchor}}."""
    out: dict[str, dict] = {}
    for a in anchors:
        if a.kind == "place":
            assert a.level is not None  # read_titles gives every place its level
            out.setdefault(a.level, {})[a.key] = a
    return out


@dataclass
class Cluster:
    """One person while the mentions are being joined (anchors, places and titles kept up to date)."""

    name: str
    members: list[Member] = field(default_factory=list)
    anchors: dict = field(default_factory=dict)  # anchor key -> Anchor
    ambiguous: bool = False
    by_level: dict = field(default_factory=dict)  # level -> {key: place anchor}
    title_set: set = field(default_factory=set)

    def add(self, member: Member) -> None:
        self.members.append(member)
        for a in member.mention.anchors:
            if a.key not in self.anchors:
                self.anchors[a.key] = a
                if a.kind == "place":
                    self.by_level.setdefault(a.level, {})[a.key] = a
        self.title_set.update(member.mention.titles)

    def titles(self) -> set[str]:
        return self.title_set

    def summary(self, n: int = 2) -> str:
        """The ``n`` anchors that best say who this is, for labels and explanations."""
        best = sorted(self.anchors.values(), key=lambda a: _RANK[(a.kind, a.level)])[:n]
        return "、".join(a.name for a in best) or "、".join(sorted(self.titles())[:n]) or "no title"


def _conflict(places: dict[str, dict], cluster: Cluster) -> str | None:
    """The first level at which some places (:func:`_places`) and the person's name different units."""
    for level in LEVELS:
        mine, theirs = places.get(level), cluster.by_level.get(level)
        if mine and theirs and not (mine.keys() & theirs.keys()):
            return (f"different {level}: {'、'.join(a.name for a in mine.values())} / "
                    f"{'、'.join(a.name for a in theirs.values())}")
    return None


def _shared(anchors: Iterable[Anchor], cluster: Cluster) -> list[Anchor]:
    shared = [a for a in anchors if a.key in cluster.anchors]
    return sorted(shared, key=lambda a: _RANK[(a.kind, a.level)])


def _join_titled(member: Member, clusters: list[Cluster]) -> None:
    anchors = member.mention.anchors
    places = _places(anchors)
    fits = []
    for c in clusters:
        shared = _shared(anchors, c)
        if shared and _conflict(places, c) is None:
            fits.append((len(shared), c.members[-1].article, c, shared))
    if not fits:
        c = Cluster(member.mention.name)
        c.add(_why(member, _first(member, clusters)))
        clusters.append(c)
        return
    fits.sort(key=lambda f: (f[0], f[1]), reverse=True)
    _, _, best, shared = fits[0]
    why = "; ".join(a.describe() for a in shared[:2])
    if len(fits) > 1:
        why += f" (also fits {len(fits) - 1} other {member.mention.name}: joined the one sharing most)"
    best.add(_why(member, why))


def _join_untitled(member: Member, clusters: list[Cluster]) -> None:
    m = member.mention
    if m.titles:
        fits = [c for c in clusters if set(m.titles) & c.titles()]
        what = f"title {'、'.join(m.titles)}, which names no place or organisation"
    else:
        fits = list(clusters)
        what = "no title"
    if len(fits) == 1:
        others = "" if len(clusters) == 1 else f" among {len(clusters)} people of this name"
        fits[0].add(_why(member, f"{what}; the only {m.name} it can be{others}"))
        return
    c = Cluster(m.name, ambiguous=len(fits) > 1)
    if len(fits) > 1:
        c.add(_why(member, f"{what}, and {len(fits)} people of this name fit: kept apart, not guessed"))
    else:
        c.add(_why(member, _first(member, clusters)))
    clusters.append(c)


def _first(member: Member, clusters: list[Cluster]) -> str:
    if not clusters:
        return "first mention of this person"
    return (f"first mention of this person: fits none of the {len(clusters)} other {member.mention.name} "
            "(see kept apart)")


def _why(member: Member, why: str) -> Member:
    return Member(member.article, member.date, member.mention, why)


def cluster_people(members: Iterable[Member]) -> list[Cluster]:
    """People from mentions (``why`` of the given members is replaced), in order of first mention."""
    by_name: dict[str, list[Member]] = {}
    for m in members:
        by_name.setdefault(m.mention.name, []).append(m)
    out: list[Cluster] = []
    for group in by_name.values():
        # Oldest first, undated last, then in corpus order: a person's first title is its earliest.
        group.sort(key=lambda m: (m.date is None, m.date or "", m.article, m.mention.slot))
        clusters: list[Cluster] = []
        for m in group:
            if m.mention.anchors:
                _join_titled(m, clusters)
        for m in group:
            if not m.mention.anchors:
                _join_untitled(m, clusters)
        out += clusters
    out.sort(key=lambda c: min((m.article, m.mention.slot) for m in c.members))
    return out


def apart_reasons(clusters: list[Cluster]) -> dict[int, list[tuple[int, str]]]:
    """For each person (index into ``clusters``) with a namesake: (other index, why apart)."""
    by_name: dict[str, list[int]] = {}
    for i, c in enumerate(clusters):
        by_name.setdefault(c.name, []).append(i)
    out: dict[int, list[tuple[int, str]]] = {}
    for indices in by_name.values():
        for i, j in combinations(indices, 2):
            out.setdefault(i, []).append((j, _apart(clusters[i], clusters[j])))
            out.setdefault(j, []).append((i, _apart(clusters[j], clusters[i])))
    return out


def _apart(a: Cluster, b: Cluster) -> str:
    conflict = _conflict(a.by_level, b)
    if conflict:
        return conflict
    if a.ambiguous or b.ambiguous:
        return "one of them is named without a place or organisation, and more than one person of the name fits"
    if not a.anchors or not b.anchors:
        return "one of them is named without a place or organisation that could tie them"
    return f"no place, organisation or title in common: {a.summary()} / {b.summary()}"
