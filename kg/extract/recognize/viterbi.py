"""A linear-chain CRF's scores and best label paths, as crfsuite computes them, for many sequences at once.

crfsuite's tagger (``lib/crf/src/crf1d_tag.c``, ``crf1d_context.c``) scores a position by adding the
weights of its attributes one by one, in the order the item gives them, from zero
(:func:`state_scores` adds the templates' rows in their order: the same doubles, added in the same
order, give the same sums; a pairwise sum could flip a near tie), then finds the best path
(``crf1dc_viterbi``): ``score[0] = state[0]``;
``score[t][j] = max_i(score[t-1][i] + trans[i][j]) + state[t][j]``, the first ``i`` reaching the
maximum kept on ties; the last label is the first reaching the best final score.

:func:`best_paths` runs that recursion one numpy step a position over a batch of sequences: a
loop over one sequence's characters would cost a few microseconds each, a step over a batch about
as much for all of them (one sequence alone takes about 2 µs a position). Sequences are sorted
longest first, so the ones still running at a position are a prefix of the batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_ALONE = 2  # as many sequences decode faster one by one than in a batch (measured: 2.2 against 2.6 µs a position)
BATCH = 128  # sequences decoded together: their scores and back-pointers take BATCH × length × labels × 16 bytes


def state_scores(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each position's score of each label: the weight rows of its features added in template order.

    Args:
        rows: features × positions, each the row of ``weights`` of a feature (0: unknown, all zeros).
        weights: rows × labels.

    Returns:
        positions × labels.
    """
    scores = np.zeros((rows.shape[1], weights.shape[1]))
    picked = np.empty_like(scores)
    for template in rows:  # one template after the other, as crfsuite adds them
        weights.take(template, axis=0, out=picked)
        scores += picked
    return scores


def best_paths(states: Sequence[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """The best label path of each sequence, as crfsuite's Viterbi finds it.

    Args:
        states: each sequence's state scores (positions × labels; at least one position).
        transitions: labels × labels, the score of going from the row's label to the column's.

    Returns:
        The label ids of each sequence, in the order given.
    """
    if len(states) <= _ALONE:
        return [_decode_one(scores, transitions) for scores in states]
    order = sorted(range(len(states)), key=lambda k: -len(states[k]))
    paths: list[np.ndarray] = [np.empty(0, dtype=np.intp)] * len(states)
    for start in range(0, len(order), BATCH):
        group = order[start : start + BATCH]
        for k, path in zip(group, _decode([states[k] for k in group], transitions)):
            paths[k] = path
    return paths


def _decode_one(states: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The best path of one sequence: three numpy calls a position, on buffers made once."""
    length, width = states.shape
    back = np.zeros((length, width), dtype=np.intp)
    into = np.ascontiguousarray(transitions.T)  # [j, i]: a row of candidates for each label j
    candidates = np.empty((width, width))
    flat, rows = candidates.ravel(), np.arange(width) * width
    score = states[0]
    for t in range(1, length):
        np.add(into, score, out=candidates)  # score[i] + trans[i][j], as crfsuite adds them
        best = back[t]
        candidates.argmax(axis=1, out=best)  # the first i on ties
        score = flat[best + rows] + states[t]
    labels = [int(score.argmax())]
    for pointers in back[:0:-1].tolist():
        labels.append(pointers[labels[-1]])
    return np.array(labels[::-1], dtype=np.intp)


def _decode(states: list[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """The best paths of sequences sorted longest first."""
    lengths = np.array([len(s) for s in states])
    size, width, longest = len(states), transitions.shape[0], int(lengths[0])
    padded = np.zeros((longest, size, width))
    for b, scores in enumerate(states):
        padded[: len(scores), b] = scores
    # running[t]: how many sequences reach position t (a prefix, as they are sorted longest first)
    running = size - np.cumsum(np.bincount(lengths, minlength=longest + 1))[:longest]
    back = np.zeros((longest, size, width), dtype=np.intp)
    into = np.ascontiguousarray(transitions.T)  # [j, i]: a row of candidates for each label j
    candidates = np.empty((size, width, width))
    flat = candidates.ravel()
    rows = (np.arange(size)[:, None] * width + np.arange(width)) * width  # where row [b, j] starts in flat
    score = padded[0].copy()
    for t in range(1, longest):
        m = running[t]
        running_now = candidates[:m]  # a prefix: flat's first m × width × width values
        np.add(into, score[:m, None, :], out=running_now)  # [b, j, i]: from i at t-1 to j at t
        best = back[t, :m]
        running_now.argmax(axis=2, out=best)  # the first i on ties, as crfsuite's strict comparison
        score[:m] = flat[best + rows[:m]] + padded[t, :m]
    labels = np.empty((size, longest), dtype=np.intp)
    current = score.argmax(axis=1)  # each sequence's last label (its scores stopped at its end)
    every = np.arange(size)
    for t in range(longest - 1, -1, -1):
        m = running[t]
        labels[:m, t] = current[:m]
        if t:
            current[:m] = back[t, every[:m], current[:m]]
    return [labels[b, :n] for b, n in enumerate(lengths)]


__all__ = ["BATCH", "best_paths", "state_scores"]
