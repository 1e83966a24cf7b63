"""The places gazetteer: the council's parks, streets and wards as PLACE entities."""

from __future__ import annotations

from pathlib import Path

import yaml
from spacy.language import Language
from spacy.pipeline import EntityRuler

from nlp.taxonomy import CONFIG_DIR, SAFE_LOADER

DEFAULT_PLACES = CONFIG_DIR / "places" / "default.yaml"
PLACE_LABEL = "PLACE"
# the model's own entity labels that name places
MODEL_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def load_places(path: Path | str | None = None) -> dict[str, list[str]]:
    """Read a places YAML file (kind -> names); None means the default list."""
    path = Path(path) if path is not None else DEFAULT_PLACES
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    places = data.get("places") or {}
    if not isinstance(places, dict):
        raise ValueError(f"{path}: 'places' must map a kind (park, street, ward) to names")
    return {str(kind): [str(n) for n in names or ()] for kind, names in places.items()}


@Language.factory(
    "copro_places",
    default_config={"places": ""},
)
def make_places(nlp: Language, name: str, places: str) -> EntityRuler:
    """An EntityRuler, ignoring case, of every place in the gazetteer file."""
    ruler = EntityRuler(nlp, name, phrase_matcher_attr="LOWER", overwrite_ents=True)
    gazetteer = load_places(places or None)
    ruler.add_patterns(
        [
            {"label": PLACE_LABEL, "pattern": place, "id": kind}
            for kind, names in gazetteer.items()
            for place in names
        ]
    )
    return ruler
