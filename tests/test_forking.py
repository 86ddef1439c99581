"""sitegen.forking: two halves of a pure step, one in a forked child (same result as one after the other); a
queue both processes take work from."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from sitegen.errors import ConfigError
from sitegen.forking import Apart, SharedQueue, both, can_fork, forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def test_each_half_computed_where_it_says() -> None:
    parent_pid = os.getpid()
    (child_pid, child_sum), (here_pid, here_sum) = both(lambda: (os.getpid(), sum(range(1000))),
                                                        lambda: (os.getpid(), sum(range(10))))
    assert (child_sum, here_sum, here_pid) == (499500, 45, parent_pid)
    assert child_pid != parent_pid or not can_fork()


def test_without_fork_both_run_here_in_order() -> None:
    order: list[str] = []
    assert both(lambda: order.append("child") or 1, lambda: order.append("parent") or 2, fork=False) == (1, 2)
    assert order == ["child", "parent"]


def test_a_sitegen_error_in_the_child_is_raised_here_as_itself() -> None:
    def fails() -> int:
        raise ConfigError("unknown key 'treshold'; did you mean 'threshold'?", path="content/merge.yaml", line=4)

    with pytest.raises(ConfigError) as err:
        both(fails, lambda: 0)
    assert str(err.value) == "content/merge.yaml:4: unknown key 'treshold'; did you mean 'threshold'?"


def test_another_error_in_the_child_comes_with_its_traceback() -> None:
    def fails() -> int:
        return 1 // 0

    with pytest.raises((RuntimeError, ZeroDivisionError), match="ZeroDivisionError|division or modulo by zero"):
        both(fails, lambda: 0)


def test_a_child_that_dies_is_a_clear_error() -> None:
    # in a fresh interpreter: in the test process another test's thread may run, and then both() does not fork
    script = ("import os\nfrom sitegen.forking import both, can_fork\nassert can_fork()\n"
              "try:\n    both(lambda: os._exit(5), lambda: 0)\nexcept Exception as err:\n    print(err)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert done.stdout == "a worker process stopped (exit status 5); run the build again with --jobs 1\n"


def test_no_fork_while_another_thread_runs() -> None:
    before = can_fork()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()
    assert can_fork() == before


def test_an_error_crossing_processes_keeps_its_file_line_and_key() -> None:
    import pickle

    err = ConfigError("unknown key 'treshold'", path="content/merge.yaml", line=4, column=3, key="merge.treshold")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is ConfigError
    assert (back.path, back.line, back.column, back.key, str(back)) == (
        "content/merge.yaml", 4, 3, "merge.treshold", "content/merge.yaml:4:3: merge.treshold: unknown key 'treshold'")


@pytest.mark.parametrize(("count", "size"), [(0, 1), (1, 1), (1024, 1), (1025, 2), (10_000, 10), (100_000, 98)])
def test_a_shared_queue_hands_out_every_number_once_in_chunks(count: int, size: int) -> None:
    with closing(SharedQueue(count)) as queue:
        assert queue.size == size
        assert list(queue) == list(range(count))
        assert queue.take() == range(0)  # and stays empty


def test_both_processes_take_from_a_shared_queue_and_no_number_twice() -> None:
    def slow_take(queue: SharedQueue) -> list[int]:
        taken = []
        for n in queue:
            taken.append(n)
            sum(range(2000))  # a little work per number, so that both processes take some
        return taken

    with closing(SharedQueue(3000)) as queue, forked(lambda emit: emit(slow_take(queue))) as results:
        here = slow_take(queue)
        (there,) = list(results())
    assert sorted(here + there) == list(range(3000))
    assert here and there


def _apart_script(body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a fresh interpreter (in the test process another test's thread may run: then no fork)."""
    script = ("import os, sys, time\nfrom contextlib import closing\nfrom pathlib import Path\n"
              "from sitegen.forking import Apart, can_fork\nassert can_fork()\n")
    return subprocess.run([sys.executable, "-c", script + body], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


def test_work_apart_runs_in_a_child_and_is_done_once_waited_for(tmp_path: Path) -> None:
    done = _apart_script(
        f"out = Path({str(tmp_path)!r})\n"
        "with closing(Apart()) as apart:\n"
        "    apart.run(lambda: (time.sleep(0.3), (out / 'a').write_text(str(os.getpid()))))\n"
        "    apart.run(lambda: (out / 'b').write_text(str(os.getpid())))\n"
        "print(os.getpid(), apart.failed)\n")
    here, failed = done.stdout.split()
    pids = {(tmp_path / name).read_text() for name in "ab"}
    assert failed == "0" and len(pids) == 2 and here not in pids  # two children, neither this process


def test_work_apart_that_fails_says_so_on_stderr_and_is_counted(tmp_path: Path) -> None:
    done = _apart_script(
        "apart = Apart()\n"
        "apart.run(lambda: 1 // 0)\n"
        "apart.wait()\n"
        "print(apart.failed)\n")
    assert done.stdout == "1\n"
    assert "ZeroDivisionError" in done.stderr


def test_work_apart_not_wanted_runs_here_at_once() -> None:
    ran: list[int] = []
    apart = Apart(wanted=False)
    apart.run(lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]  # before any wait
    apart.wait()
    assert apart.failed == 0


def test_work_apart_runs_here_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        ran: list[int] = []
        Apart().run(lambda: ran.append(os.getpid()))
        assert ran == [os.getpid()]
    finally:
        stop.set()
        thread.join()
