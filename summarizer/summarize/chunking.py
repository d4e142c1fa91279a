"""Long remarks through a model of bounded input: chunking and map-reduce.

What every seq2seq engine shares, whatever runs the model. Remarks longer than the
model's input are never truncated: they are split at sentence boundaries (then clause
boundaries, then by tokens as a last resort) into chunks whose length is measured with
the model's own tokenizer (prefix and special tokens included); the chunks are
summarized, and the joined chunk summaries are summarized again while they are longer
than the target (map-reduce). Every chunk of every text in one call goes to the engine's
``generate`` together, so an engine can batch them; each result must not depend on what
it was batched with.
"""

from __future__ import annotations

import abc
import re
from typing import Iterable, Mapping, Sequence

from ..errors import InputError, ModelError, check_positive
from .base import Backend, check_texts
from .presets import Preset, generation_settings
from .results import Summary
from .sentences import clauses, sentences

__all__ = ["Seq2SeqBase"]

_WORDPIECE_SPACE = re.compile(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])")


class Seq2SeqBase(Backend):
    """Chunking, map-reduce and generation settings on top of one engine method, ``generate``.

    ``max_length`` is the summary length in new tokens; ``max_input_tokens`` the chunk
    size (prefix and special tokens included), capped by ``position_limit`` (the model's
    position embeddings) and the tokenizer's own limit; the preset supplies both unless
    given. ``generation`` overrides single generation settings (e.g. ``{"num_beams": 1}``).
    """

    method = "seq2seq"

    def __init__(
        self,
        tokenizer,
        *,
        name: str | None,
        preset: Preset | None = None,
        max_length: int | None = None,
        max_input_tokens: int | None = None,
        batch_size: int = 8,
        generation: Mapping | None = None,
        position_limit: int | None = None,
    ):
        self.tokenizer = tokenizer
        self.preset = preset
        self.model = name or (preset.model_id if preset else None)
        self.prefix = preset.prefix if preset else ""
        self.batch_size = check_positive("batch_size", batch_size)
        self.wordpiece = (preset is not None and preset.vocabulary == "bert") or type(tokenizer).__name__.startswith("Bert")
        limit = check_positive("max_input_tokens", max_input_tokens) if max_input_tokens else (
            preset.max_input_tokens if preset else 512)
        for cap in (position_limit, getattr(tokenizer, "model_max_length", None)):
            if isinstance(cap, int) and 0 < cap < limit:
                limit = cap
        self.max_input_tokens = limit
        self._overhead = len(self._encode([""])[0])
        if self._overhead + 8 > limit:
            raise InputError(f"max_input_tokens {limit} leaves no room for text after the prefix "
                             f"{self.prefix!r} and special tokens ({self._overhead} tokens)")
        self.generation = generation_settings(preset, max_length, generation)
        self.max_length = int(self.generation["max_new_tokens"])
        # Map-reduce shrinks only if at least two chunk summaries fit one input.
        if 2 * self.max_length > limit - self._overhead:
            raise InputError(
                f"max_length {self.max_length} is too long for the model's input of {limit} tokens: "
                f"it must be at most {(limit - self._overhead) // 2} so that summaries of long remarks "
                "can be summarized again"
            )

    @abc.abstractmethod
    def generate(self, texts: Sequence[str]) -> list[str]:
        """One summary per input that fits the model, in order (the engine's batched call)."""

    # -- tokens

    def _encode(self, texts: Sequence[str]) -> list[list[int]]:
        # verbose=False: measuring a text longer than the model is the point here, not a mistake.
        return self.tokenizer([self.prefix + t for t in texts], add_special_tokens=True,
                              return_token_type_ids=False, verbose=False)["input_ids"]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Input length of each text as the model sees it (prefix and special tokens included)."""
        return [len(ids) for ids in self._encode(list(texts))] if texts else []

    def check_fits(self, lengths: Sequence[int]) -> None:
        too_long = [n for n in lengths if n > self.max_input_tokens]
        if too_long:
            raise InputError(f"an input of {too_long[0]} tokens exceeds the model input of "
                             f"{self.max_input_tokens}; use summarize_batch, which splits long texts")

    def _clean(self, text: str) -> str:
        text = text.strip()
        if self.wordpiece:
            # BERT vocabularies decode Chinese with a space between every character.
            text = _WORDPIECE_SPACE.sub("", text)
        return text

    # -- map-reduce

    def summarize_batch(self, texts: Sequence[str]) -> list[Summary]:
        texts = check_texts(texts)
        pieces = {i: self._chunk(t.strip()) for i, t in enumerate(texts) if t.strip()}
        first = {i: len(p) for i, p in pieces.items()}
        rounds = {i: 0 for i in pieces}
        final: dict[int, str] = {}
        while pieces:
            order = [(i, k) for i in sorted(pieces) for k in range(len(pieces[i]))]
            outs = self.generate([pieces[i][k] for i, k in order])
            grouped: dict[int, list[str]] = {}
            for (i, _), out in zip(order, outs):
                grouped.setdefault(i, []).append(out)
            pieces = {}
            for i, sums in grouped.items():
                rounds[i] += 1
                again = self._reduce(i, sums, final)
                if again:
                    pieces[i] = again
        return [
            Summary(final[i], self.method, self.model, chunks=first[i], rounds=rounds[i], engine=self.engine)
            if i in final else Summary("", self.method, self.model, chunks=0, rounds=0, engine=self.engine)
            for i in range(len(texts))
        ]

    def _reduce(self, i: int, sums: list[str], final: dict[int, str]) -> list[str] | None:
        """Text ``i``'s summary into ``final``, or the chunks of another round."""
        if len(sums) == 1:
            final[i] = sums[0]
            return None
        joined = join_summaries(sums)
        if self.count_tokens([joined])[0] - self._overhead <= self.max_length:
            final[i] = joined
            return None
        again = self._chunk(joined)
        if len(again) >= len(sums) and len(again) > 1:
            raise ModelError(
                f"summaries of the {len(sums)} chunks of text {i} do not get shorter "
                f"({self.model}); lower --max-length (now {self.max_length})")
        return again

    # -- chunking

    def _chunk(self, text: str) -> list[str]:
        """Split ``text`` at sentence, then clause, then token boundaries into pieces that fit."""
        limit = self.max_input_tokens
        if self.count_tokens([text])[0] <= limit:
            return [text]
        units: list[str] = []
        sents = sentences(text)
        for s, n in zip(sents, self.count_tokens(sents)):
            if n <= limit:
                units.append(s)
                continue
            parts = clauses(s)
            for c, m in zip(parts, self.count_tokens(parts)):
                units.extend([c] if m <= limit else self._hard_split(c))
        return self._pack(units)

    def _hard_split(self, text: str) -> list[str]:
        """Longest prefixes that fit, found by bisection on the real token count."""
        out = []
        while text:
            if self.count_tokens([text])[0] <= self.max_input_tokens:
                out.append(text)
                break
            lo, hi = 1, len(text)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self.count_tokens([text[:mid]])[0] <= self.max_input_tokens:
                    lo = mid
                else:
                    hi = mid - 1
            out.append(text[:lo])
            text = text[lo:]
        return out

    def _pack(self, units: list[str]) -> list[str]:
        sizes = [n - self._overhead for n in self.count_tokens(units)]
        groups: list[list[str]] = []
        cur: list[str] = []
        used = self._overhead
        for u, n in zip(units, sizes):
            if cur and used + n > self.max_input_tokens:
                groups.append(cur)
                cur, used = [], self._overhead
            cur.append(u)
            used += n
        if cur:
            groups.append(cur)
        # Token counts of joined text can differ from the sum of its parts at the seams;
        # any group that ends up too long is halved until it fits.
        out: list[str] = []
        for g in groups:
            out.extend(self._fit(g))
        return out

    def _fit(self, group: list[str]) -> list[str]:
        text = "".join(group)
        if len(group) == 1 or self.count_tokens([text])[0] <= self.max_input_tokens:
            return [text]
        half = len(group) // 2
        return self._fit(group[:half]) + self._fit(group[half:])


def join_summaries(summaries: Iterable[str]) -> str:
    out = []
    for s in summaries:
        s = s.strip()
        if s and s[-1] not in "。！？!?；;…”":
            s += "。"
        out.append(s)
    return "".join(out)
