"""Invariants of the search: more words never find more; case and punctuation never matter;
an incident is found by any word of its own description."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from seawatch.search import parse_query, search_mask, stems, words

VOCABULARY = ("water", "cannoned", "cannons", "rammed", "ramming", "boat", "reef", "shoal", "Bãi")

texts = st.lists(st.sampled_from(VOCABULARY), max_size=6).flatmap(
    lambda ws: st.sampled_from([" ", "-", ", ", "; "]).map(lambda sep: sep.join(ws))
)
frames = st.lists(st.tuples(texts, texts), max_size=12).map(
    lambda rows: pd.DataFrame(rows, columns=["description", "location_name"])
)
queries = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(frames, queries, st.sampled_from(VOCABULARY))
def test_another_word_never_finds_more(frame, query, extra) -> None:
    wide = search_mask(frame, parse_query(query))
    narrow = search_mask(frame, parse_query(f"{query} {extra}"))
    assert not (narrow & ~wide).any()


@settings(max_examples=150, deadline=None)
@given(frames, queries, st.sampled_from(["-", "_", ".", "/", "  "]))
def test_case_and_punctuation_do_not_matter(frame, query, sep) -> None:
    plain = search_mask(frame, parse_query(query))
    shouted = search_mask(frame, parse_query(query.upper().replace(" ", sep)))
    assert (plain == shouted).all()


@settings(max_examples=150, deadline=None)
@given(frames.filter(lambda f: len(f) > 0), st.data())
def test_an_incident_is_found_by_a_word_of_its_description(frame, data) -> None:
    row = data.draw(st.integers(0, len(frame) - 1))
    own = words(frame.loc[row, "description"])
    if own:
        word = data.draw(st.sampled_from(own))
        assert search_mask(frame, parse_query(word))[row]
        phrase = " ".join(own[:2])
        assert search_mask(frame, parse_query(f'"{phrase}"'))[row]


def _has_run(stem_list: list[str], run: tuple[str, ...]) -> bool:
    k = len(run)
    return any(tuple(stem_list[i : i + k]) == run for i in range(len(stem_list) - k + 1))


HARD_WORDS = (*VOCABULARY, "dying", "die", "tie", "tying", "happy", "happiness", "Cỏ", "co", "r_a")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(HARD_WORDS), max_size=6).map(" ".join),
            st.lists(st.sampled_from(HARD_WORDS), max_size=3).map("-".join),
        ),
        max_size=10,
    ),
    st.lists(st.sampled_from(HARD_WORDS), min_size=1, max_size=2).map(" ".join),
)
def test_the_fast_match_agrees_with_comparing_stems_word_by_word(rows, phrase) -> None:
    """The matcher scans one string with regular expressions; its answer is that of the plain
    definition: the phrase's stems occur consecutively among the stems of one field."""
    frame = pd.DataFrame(rows, columns=["description", "location_name"])
    run = tuple(stems(phrase))
    expected = [_has_run(stems(d), run) or _has_run(stems(p), run) for d, p in rows]
    assert search_mask(frame, parse_query(f'"{phrase}"')).tolist() == expected
