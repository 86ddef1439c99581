"""The per-article stage at scale: cached results, and the rest mapped over an Executor.

`process_article` is pure, so its result is looked up in the build cache by the digest of
its inputs, and the articles not found run through a `concurrent.futures.Executor`: a
process pool of `jobs` workers on this machine, or a Dask cluster (`--dask ADDRESS`, the
`sitegen[dask]` extra) for corpora past one machine. Results come back in input order,
so the output is the same for any number of workers.
"""

from __future__ import annotations

import math
import multiprocessing
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitegen.article import ArticleResult, locate, process_article, without_location
from sitegen.digest import Fingerprints
from sitegen.errors import SitegenError
from sitegen.overrides.records import unplaced

if TYPE_CHECKING:
    from sitegen.cache import Store
    from sitegen.knowledge import Knowledge
    from sitegen.models import SourceFile
    from sitegen.overrides.records import ArticleOverride

Task = tuple["SourceFile", "ArticleOverride | None"]
_MAX_CHUNK = 64
MIN_PARALLEL = 16  # fewer articles to process than this run here: starting workers would cost more
_worker_knowledge: list[Knowledge] = []  # set once in each pool worker by its initializer


@dataclass(frozen=True)
class StageStats:
    """How the per-article stage went: results taken from the cache and articles processed."""

    cached: int
    processed: int
    keys: tuple[str, ...] = ()  # each article's cache key, in order (empty without a cache)


def run_articles(tasks: Sequence[Task], knowledge: Knowledge, *, jobs: int, dask: str | None,
                 store: Store | None, knowledge_key: str,
                 advance: Callable[[int], None] = lambda n: None) -> tuple[list[ArticleResult], StageStats]:
    """Return the result of every task in order: from the cache where its key is known, else computed."""
    results: list[ArticleResult | None] = [None] * len(tasks)
    keys: list[str] = [""] * len(tasks)
    todo: list[int] = []
    prints = Fingerprints()
    for i, (source, rule) in enumerate(tasks):
        if store is not None:
            keys[i] = prints.of("article", knowledge_key, source, unplaced(rule) if rule is not None else None)
            found = store.get("articles", keys[i])
            if isinstance(found, ArticleResult):
                results[i] = found
                advance(1)
                continue
        todo.append(i)
    # results are made without the overrides' lines (`without_location`), and located after
    stripped = {i: (tasks[i][0], without_location(rule) if (rule := tasks[i][1]) is not None else None)
                for i in todo}
    chunks = _chunks(todo, jobs if dask is None else 4 * jobs)
    with _executor(jobs if len(todo) >= MIN_PARALLEL else 1, dask, knowledge) as (pool, shared):
        batches: Iterator[list[bytes]]
        if pool is None:
            batches = (_run_chunk(knowledge, [stripped[i] for i in chunk]) for chunk in chunks)
        else:
            futures = [pool.submit(_run_chunk, shared, [stripped[i] for i in chunk]) for chunk in chunks]
            batches = (f.result() for f in futures)
        for chunk, payloads in zip(chunks, batches):
            for i, payload in zip(chunk, payloads):
                results[i] = pickle.loads(payload)
                if store is not None:
                    store.put_payload("articles", keys[i], payload, results[i])
            advance(len(chunk))
    done = [locate(r, rule) for r, (_, rule) in zip(results, tasks) if r is not None]
    assert len(done) == len(tasks)
    return done, StageStats(cached=len(tasks) - len(todo), processed=len(todo),
                            keys=tuple(keys) if store is not None else ())


def default_jobs() -> int:
    """Return the default number of workers: the machine's cores."""
    return multiprocessing.cpu_count() or 1


def _chunks(todo: list[int], workers: int) -> list[list[int]]:
    if not todo:
        return []
    size = max(1, min(_MAX_CHUNK, math.ceil(len(todo) / (4 * max(1, workers)))))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _run_chunk(knowledge: Knowledge | None, chunk: list[Task]) -> list[bytes]:
    """Process a chunk of articles (in a worker); return each result pickled."""
    known = knowledge if knowledge is not None else _worker_knowledge[0]
    return [pickle.dumps(process_article(source, rule, known), protocol=pickle.HIGHEST_PROTOCOL)
            for source, rule in chunk]


def _set_knowledge(knowledge: Knowledge) -> None:
    _worker_knowledge[:] = [knowledge]


@contextmanager
def _executor(jobs: int, dask: str | None, knowledge: Knowledge) -> Iterator[tuple[Executor | None, Any]]:
    """Yield (executor, the knowledge argument its tasks take); (None, knowledge) to run here."""
    if dask is not None:
        with _dask_executor(dask, knowledge) as found:
            yield found
        return
    if jobs <= 1:
        yield None, knowledge
        return
    # fork is quick and shares the loaded knowledge; with other threads running (sitegen serve) a
    # forked child could inherit a held lock, so then workers start from a fresh interpreter
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() \
        else "spawn"
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_set_knowledge, initargs=(knowledge,))
    try:
        yield pool, None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_executor(address: str, knowledge: Knowledge) -> Iterator[tuple[Executor, Any]]:
    try:
        from distributed import Client  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise SitegenError("--dask needs the dask extra: pip install 'sitegen[dask]'") from None
    try:
        client = Client(address, timeout=10, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as err:
        raise SitegenError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    try:
        shared = client.scatter(knowledge, broadcast=True)  # type: ignore[no-untyped-call]  # sent to each worker once, not with every task
        yield client.get_executor(), shared  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]
