"""Batch runs: the whole analysis of many articles into one JSON Lines file, resumably.

Inputs are files (``.txt``, ``.html``/``.htm``, read with :func:`~summarizer.article.read_text`),
folders (searched recursively for those three suffixes, in sorted order, hidden entries
skipped) and ``.jsonl`` files of ``{"id": …, "text": …}`` lines. A file's id is its path
as found; a JSONL line's id is its ``id``.

Output: one line per article, in input order: ``{"id", "input", …}`` followed by exactly
``Analysis.to_dict()`` (see :mod:`summarizer.analyze`), or an error line
``{"id", "input", "error"}`` naming the input and the reason. One failing article never
stops the batch.

The package's files are the run's parts:

* ``inputs``: the items of files, folders and JSONL files, and reading one;
* ``resume``: what an earlier run wrote (ids counted, a partial last line dropped) and
  which items are left, so re-running the same command after an interruption ends with
  the same file as an uninterrupted run;
* ``lines``: an article's line, the same functions wherever it is made (prepare: read,
  segment, compare; finish: summaries of a group of articles in one backend call);
* runners, which turn items into lines in input order: ``local`` (serial, or ``jobs``
  spawned worker processes) and ``onray`` (Ray Data tasks and model actors, on this
  machine or a cluster); each article is analysed independently of the others, so the
  output does not depend on the runner or the number of workers;
* ``writer``: each line written whole with one ``write`` on an append-only file, as it
  arrives, with the counts and the progress bar;
* ``run``: :func:`run_batch`, the three together; ``results``: reading an output back.
"""

from __future__ import annotations

from .inputs import FILE_SUFFIXES, BatchItem, count_inputs, iter_inputs
from .results import read_results, segmentation_from_dict
from .run import RUNNERS, BatchStats, run_batch

__all__ = [
    "FILE_SUFFIXES",
    "RUNNERS",
    "BatchItem",
    "BatchStats",
    "iter_inputs",
    "count_inputs",
    "run_batch",
    "read_results",
    "segmentation_from_dict",
]
