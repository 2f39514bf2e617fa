"""A user's layout file (`--layout FILE.yaml`): header wordings per field and title words per family, without code.

    # my-agency.yaml
    fields:                       # rows.csv field -> the header wordings your reports print for it
      indikator: [Ukuran Keberhasilan, Tolok Ukur Kinerja]
      target_pagu: ["Dana Tersedia (Rp)"]
    families:                     # a family's title words (see extract/families.yaml)
      one_quarter:
        title: [Laporan Capaian Kinerja Triwulanan]

A wording names its field whatever the lexicon reads in it (it overrides), compared word by
word (case, spacing and punctuation aside, a typo allowed in a long one). A file with an
error is refused whole, with the line it is on: nothing of a half-read layout is used.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from rekon.extract.columns.fields import RULES
from rekon.extract.families import BUILTIN, Declarations

_TOP_KEYS = ("fields", "families")
_FAMILY_KEYS = ("title",)


class LayoutError(ValueError):
    """A layout file that cannot be used: the message names the file and the line."""


def field_names() -> list[str]:
    """The fields a wording may name: every family's."""
    return sorted({name.split(":")[0] for name in RULES} | {f for family in BUILTIN.families for f in family.fields})


def load_layout(path: Path, base: Declarations = BUILTIN) -> Declarations:
    """The families `base` declares, with the file's additions (LayoutError when the file has an error)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LayoutError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise LayoutError(f"{path}{where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if root is None:
        return base
    if not isinstance(root, yaml.MappingNode):
        _fail(path, root, f"expected keys {', '.join(_TOP_KEYS)}")
    wordings: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    families = {f.name for f in base.families}
    known_fields = field_names()
    for key, value in root.value:
        if key.value == "fields":
            for name, texts in _mapping(path, value):
                if name.value not in known_fields:
                    _fail(path, name, f"unknown field '{name.value}' (fields: {', '.join(known_fields)})")
                wordings.setdefault(name.value, []).extend(_strings(path, texts))
        elif key.value == "families":
            for name, spec in _mapping(path, value):
                if name.value not in families:
                    _fail(path, name, f"unknown family '{name.value}' (families: {', '.join(sorted(families))})")
                for item, texts in _mapping(path, spec):
                    if item.value not in _FAMILY_KEYS:
                        _fail(path, item, f"unknown key '{item.value}' (a family takes: {', '.join(_FAMILY_KEYS)})")
                    titles.setdefault(name.value, []).extend(_strings(path, texts))
        else:
            _fail(path, key, f"unknown key '{key.value}' (expected: {', '.join(_TOP_KEYS)})")
    return base.with_additions(titles, wordings)


def _mapping(path: Path, node) -> list:
    if not isinstance(node, yaml.MappingNode):
        _fail(path, node, "expected keys and values here")
    return node.value


def _strings(path: Path, node) -> list[str]:
    """One wording, or a list of them."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            _fail(path, item, "expected a wording (text), or a list of them")
        found.append(str(item.value))
    return found


def _fail(path: Path, node, reason: str):
    raise LayoutError(f"{path}:{node.start_mark.line + 1}: {reason}")
