"""The editable knowledge a build runs on: junk, outlets, institutions, places, merge rules, words."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen.badges.attribution import InstitutionRegistry, load_institutions
from sitegen.badges.outlet_load import load_outlets
from sitegen.badges.outlets import OutletRegistry
from sitegen.badges.places import Gazetteer, load_places
from sitegen.clean.junk import JunkPatterns
from sitegen.clean.load import load_junk
from sitegen.merge.settings import MergeSettings, load_merge_settings
from sitegen.temporal import TemporalLexicon, load_lexicon
from sitegen.text.headline import Headlines, load_headlines
from sitegen.text.sentences import Abbreviations, load_abbreviations


@dataclass(frozen=True)
class Knowledge:
    """Packaged YAML data merged with a site's own additions under content/."""

    junk: JunkPatterns
    outlets: OutletRegistry
    institutions: InstitutionRegistry
    places: Gazetteer
    merge: MergeSettings
    abbreviations: Abbreviations
    lexicon: TemporalLexicon
    headlines: Headlines = field(default_factory=Headlines)


def load_knowledge(content_dir: Path) -> Knowledge:
    """Load every knowledge file, packaged defaults first, then content/ additions."""
    outlets = load_outlets(content_dir)
    institutions = load_institutions(content_dir)
    institutions.matchers(outlets)  # compile the attribution patterns now, not inside the first article
    return Knowledge(
        junk=load_junk(content_dir),
        outlets=outlets,
        institutions=institutions,
        places=load_places(content_dir),
        merge=load_merge_settings(content_dir / "merge.yaml"),
        abbreviations=load_abbreviations(content_dir),
        lexicon=load_lexicon(content_dir),
        headlines=load_headlines(content_dir),
    )
