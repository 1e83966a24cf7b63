"""Issue 12, findings 4 and 5, fuzzed: whatever YAML an officer sends (random nesting,
anchors and aliases, alias bombs, sizes, broken syntax), reading it either gives a
consultation or lists problems, and never takes more than a bounded time and memory.

The bounds are generous ceilings (a refusal costs a few milliseconds), not speed timings:
before the fix, a 342-byte alias bomb took 43 s of CPU and 2.9 GB.
"""

from __future__ import annotations

import copy
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.consultations import ConsultationFile, ConsultationInvalid, load_data, load_text
from bot.consultations.yaml_reading import read_yaml

CPU_SECONDS = 5.0
PEAK_BYTES = 30_000_000

scalars = st.one_of(
    st.sampled_from(["x", "yes", "1", "2026-02-30", "~", "''", '"q"', "!!str s", "-1e9"]),
    st.text("abc019 -:", max_size=8).map(lambda s: repr(s)),
)


def nested(depth: int) -> st.SearchStrategy[str]:
    """A flow-style node nested up to `depth` levels, with anchors (&) and aliases (*)."""
    if depth == 0:
        return scalars
    inner = nested(depth - 1)
    return st.one_of(
        scalars,
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(
            lambda items: "{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(items)) + "}"
        ),
        st.tuples(st.sampled_from("ab"), inner).map(lambda p: f"&{p[0]} {p[1]}"),
        st.sampled_from(["*a", "*b"]),
    )


@st.composite
def bombs(draw: st.DrawFn) -> str:
    """Levels of aliases, each repeating the one before `width` times."""
    levels, width = draw(st.integers(1, 12)), draw(st.integers(1, 30))
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


@st.composite
def deep(draw: st.DrawFn) -> str:
    """Very deep nesting, block or flow, sequences or mappings."""
    depth = draw(st.integers(1, 4000))
    return draw(st.sampled_from([
        "a: " + "[" * depth + "]" * depth,
        "a: " + "{b: " * depth + "c" + "}" * depth,
        "- " * min(depth, 600) + "x",
    ]))


@st.composite
def big(draw: st.DrawFn) -> str:
    """Large files: many values or long text, around the size limit."""
    count = draw(st.integers(0, 70_000))
    return draw(st.sampled_from([
        "r: [" + ",".join(["1"] * count) + "]",
        "slug: " + "x" * (count * 4),
        "".join(f"k{n}: v\n" for n in range(count // 2)),
    ]))


garbage = st.text("[]{}:,-&*!|>'\"\n #?%@`ab1\t", max_size=300)
files = st.one_of(
    nested(5).map(lambda node: f"slug: {node}\nrounds: {node}\n"), bombs(), deep(), big(),
    garbage,
)


def measured(text: str) -> tuple[float, int]:
    """CPU seconds and peak bytes allocated to read `text`, which is read or refused."""
    tracemalloc.reset_peak()
    started = time.process_time()
    try:
        loaded = load_text(text)
        assert isinstance(loaded, ConsultationFile)
    except ConsultationInvalid as invalid:
        assert invalid.problems and all(str(p) for p in invalid.problems)
    return time.process_time() - started, tracemalloc.get_traced_memory()[1]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(files)
def test_finding04_any_yaml_is_read_or_refused_within_time_and_memory(text: str) -> None:
    tracemalloc.start()
    try:
        spent, peak = measured(text)
    finally:
        tracemalloc.stop()

    assert spent < CPU_SECONDS, f"{spent:.1f} s of CPU for {len(text)} bytes"
    assert peak < PEAK_BYTES, f"{peak / 1e6:.0f} MB for {len(text)} bytes"


# --- a file of the right syntax but the wrong shape ------------------------------------------

SHIPPED = read_yaml(
    (Path(__file__).resolve().parents[2] / "config" / "consultations" / "victoria-park.yaml")
    .read_text(encoding="utf-8")
)
KEYS = ["key", "type", "text", "options", "when", "question", "any_of", "scale", "min", "max",
        "rounds", "questions", "languages", "title", "opens", "closes", "en", "cy"]
junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 10**30), st.floats(allow_nan=False),
              st.sampled_from(["", "x", "en", "single", "scale", "2026-01-01", "visits"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)),
    max_leaves=8,
)


def places(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path in the file, to put a wrong value at."""
    yield at
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        yield from places(child, (*at, key))


PLACES = list(places(SHIPPED))[1:]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLACES), junk), min_size=1, max_size=3))
def test_finding05_a_file_of_the_wrong_shape_gets_problems_never_a_crash(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = copy.deepcopy(SHIPPED)
    for at, value in changes:
        node = data
        try:
            for step in at[:-1]:
                node = node[step]
            node[at[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took that place away
    try:
        load_data(data)
    except ConsultationInvalid as invalid:
        assert invalid.problems
