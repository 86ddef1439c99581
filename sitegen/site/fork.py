"""Render in two processes: a forked child makes the pages made in Python (feeds, exports) while
this process renders the template pages; same bytes, about half the wall time on two cores.

The child is a fork taken after the site model is built, so it shares the model without
pickling it. It only renders and asks the page plan (pure questions); it writes its pages,
one record at a time, into a temporary file beside the output, and this process reads them
back when its own share is done and does everything that touches the staging folder and the
plan's log. A failure in the child is raised here as the same error; a child that dies is
a clear error too; the build's output is then never swapped in (the writer's rules).
"""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sitegen import errors
from sitegen.errors import SitegenError
from sitegen.site.incremental import IncrementalPages
from sitegen.site.render import PageRenderer


def split_render(scratch: Path) -> Any:
    """Return the `split` for `render.iter_site`: Python-made pages in a forked child, templates here.

    `scratch`: a folder on the output's file system for the child's temporary file.
    """
    def split(renderer: PageRenderer) -> Iterator[tuple[str, bytes]]:
        site_pages = renderer.site.pages
        child_specs = [spec for spec in site_pages if spec.make is not None]
        here = [spec for spec in site_pages if spec.make is None]
        plan = renderer.plan
        if plan is not None and not isinstance(plan, IncrementalPages):
            yield from renderer.pages(site_pages)  # an unknown plan cannot be asked from a child
            return
        with tempfile.TemporaryFile(dir=scratch, prefix=".sitegen-render-") as spool:
            pid = os.fork()
            if pid == 0:  # the child: render its share into the spool, then leave without cleanup
                _child(renderer, plan, child_specs, spool)
            yield from renderer.pages(here)
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SitegenError(f"the render worker stopped (exit status {os.waitstatus_to_exitcode(status)}); "
                                   "run the build again with --jobs 1 to render in one process")
            spool.seek(0)
            by_path = {spec.path: spec for spec in child_specs}
            while True:
                record = pickle.load(spool)
                kind = record[0]
                if kind == "done":
                    break
                if kind == "error":
                    raise _rebuilt_error(record)
                spec = by_path[record[1]]
                if kind == "keep":
                    assert plan is not None
                    if plan.keep(spec, record[2]):
                        continue
                    data, fields = renderer.render(spec, None)  # no live copy after all: make it here
                    plan.made(spec, None, fields)
                    yield spec.path, data
                    continue
                if plan is not None:
                    plan.note(spec.path, record[3])
                yield spec.path, record[2]

    return split


def _child(renderer: PageRenderer, plan: IncrementalPages | None, specs: list[Any], spool: IO[bytes]) -> None:
    code = 0
    try:
        for spec in specs:
            if plan is not None:
                kept = plan.check(spec, None)
                if kept is not None:
                    pickle.dump(("keep", spec.path, kept), spool, protocol=pickle.HIGHEST_PROTOCOL)
                    continue
            data, fields = renderer.render(spec, None)
            record = plan.record(spec, None, fields) if plan is not None else None
            pickle.dump(("made", spec.path, data, record), spool, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("done",), spool)
    except SitegenError as err:
        pickle.dump(("error", type(err).__name__, err.message, err.path, err.line, err.column, err.key), spool)
        pickle.dump(("done",), spool)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        pickle.dump(("error", "", traceback.format_exc(), None, None, None, None), spool)
        pickle.dump(("done",), spool)
    finally:
        try:
            spool.flush()
        except BaseException:  # noqa: BLE001 - a full disk: the exit status says it
            code = 1
        os._exit(code)


def _rebuilt_error(record: tuple[Any, ...]) -> Exception:
    _, kind, message, path, line, column, key = record
    cls = getattr(errors, kind, None) if kind else None
    if isinstance(cls, type) and issubclass(cls, SitegenError):
        return cls(message, path=path, line=line, column=column, key=key)
    return RuntimeError(f"the render worker failed:\n{message}")
