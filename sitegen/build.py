"""The orchestrator: every stage of a build, top to bottom."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen import config as site_config
from sitegen import reader, writer
from sitegen.article import process_article
from sitegen.errors import OutputError
from sitegen.knowledge import Knowledge, load_knowledge
from sitegen.merge.group import group_events
from sitegen.models import Article, Entry, Event, Problem
from sitegen.overrides.apply import apply_entries, check_article_ids
from sitegen.overrides.schema import Overrides, load_overrides
from sitegen.site import render
from sitegen.site.model import Site, build_site
from sitegen.static import merge_static, read_static


@dataclass(frozen=True)
class Paths:
    """Where a site's inputs and output live."""

    seeds: Path
    content: Path
    output: Path
    templates: Path


@dataclass(frozen=True)
class Gathered:
    """Everything a build knows before it renders: the input of render and of `sitegen check`."""

    config: site_config.SiteConfig
    knowledge: Knowledge
    overrides: Overrides
    articles: tuple[Article, ...]
    entries: tuple[Entry, ...]  # after overrides, before merging
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...] = ()  # things said about files that were read (e.g. "decoded as cp1252")


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the CLI to print."""

    gathered: Gathered
    files_written: int
    output: Path


def gather(paths: Paths) -> Gathered:
    """Read, clean, date, attribute, correct and merge everything, touching no output."""
    config = site_config.load_site(paths.content)
    knowledge = load_knowledge(paths.content)
    read = reader.read_seeds(paths.seeds)
    overrides = load_overrides(paths.content)
    check_article_ids(overrides, [s.id for s in read.files])

    articles: list[Article] = []
    entries: list[Entry] = []
    for source in read.files:
        rule = overrides.articles.get(source.id)
        if rule is not None and rule.exclude:
            continue
        result = process_article(source, rule, knowledge)
        articles.append(result.article)
        entries.extend(result.entries)

    corrected = apply_entries(tuple(entries), tuple(articles), overrides, knowledge)
    events = group_events(corrected, tuple(articles), overrides.merge_rules, knowledge.merge)
    return Gathered(
        config=config,
        knowledge=knowledge,
        overrides=overrides,
        articles=tuple(articles),
        entries=corrected,
        events=events,
        problems=read.problems,
        notes=tuple(Problem(str(s.path), note) for s in read.files for note in s.notes),
    )


def check_output_apart(paths: Paths) -> None:
    """Refuse an output folder that is, contains or sits inside an input folder (a build replaces it)."""
    output = Path(os.path.realpath(writer.resolve_output(paths.output)))  # the root, home, cwd refusals first
    for flag, folder in (("--seeds", paths.seeds), ("--content", paths.content), ("--templates", paths.templates)):
        real = Path(os.path.realpath(folder))
        if output == real:
            relation = "is"
        elif output in real.parents:
            relation = "contains"
        elif real in output.parents:
            relation = "sits inside"
        else:
            continue
        raise OutputError(f"refusing to build: --output {paths.output} {relation} {flag} {folder}, and a build "
                          "replaces its output folder; pick an output folder outside your inputs, such as public/")


def build(paths: Paths, *, build_epoch: int | None = None, warn: Callable[[str], None] | None = None) -> BuildReport:
    """Gather, render every page in memory, then swap the new site into place atomically."""
    check_output_apart(paths)
    gathered = gather(paths)
    site: Site = build_site(gathered.config, gathered.articles, gathered.events, gathered.knowledge,
                            build_epoch=build_epoch)
    files = merge_static(render.render_site(site, paths.templates), read_static(paths.content), paths.content)
    written = writer.write_site(files, paths.output, post_process=render.post_process,
                                keep=gathered.config.keep, content_dir=paths.content, warn=warn)
    return BuildReport(gathered=gathered, files_written=written, output=paths.output)
