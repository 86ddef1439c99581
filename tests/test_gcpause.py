"""The collector pauses: a paused block switches the collector back on, and within a build hides what it made."""

from __future__ import annotations

import gc

import pytest

from sitegen import gcpause
from sitegen.gcpause import GarbageRelease, cyclic_gc_paused, long_lived_kept_apart, release_garbage


@pytest.fixture(autouse=True)
def collector_on() -> None:
    gc.enable()
    gc.unfreeze()


def test_a_paused_block_outside_a_build_freezes_nothing() -> None:
    with cyclic_gc_paused():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0 and len(made) == 1000


def test_within_a_build_what_a_paused_block_made_is_out_of_sight_until_the_build_ends() -> None:
    with long_lived_kept_apart():
        with cyclic_gc_paused():
            made = [[i] for i in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(made)
    assert gc.get_freeze_count() == 0


def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends() -> None:
    with long_lived_kept_apart(), cyclic_gc_paused():
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Record:
    """A record that refers to itself, as some of a build's do."""

    def __init__(self) -> None:
        self.me = self


def test_a_cycle_a_build_hid_is_freed_once_the_build_has_released_its_garbage() -> None:
    import weakref

    with long_lived_kept_apart() as settle:
        record = _Record()
        gone = weakref.ref(record)
        settle()  # hidden from the collector, as after a stage
        del record
    with long_lived_kept_apart() as settle:
        settle()  # the next build hides it again before any collection ran: it would stay for good
    assert gone() is not None
    release_garbage()
    assert gone() is None


def test_a_long_lived_process_collects_after_every_failed_build_and_every_nth_good_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[bool] = []
    monkeypatch.setattr(gcpause, "release_garbage", lambda: collected.append(True) or 0)
    release = GarbageRelease(every=3)
    counts = []
    for good in [True, True, True, True, False, True, True, True]:
        release.after(good)
        counts.append(len(collected))
    assert counts == [0, 0, 1, 1, 2, 2, 2, 3]  # the third good one; the failure; three good ones after it
