"""SQLite's request writers queue on a file lock (core/writer_queue.py): the next one starts when
the holder's transaction ends, and no request leaves the lock held."""

import threading

from core import writer_queue


def test_a_second_writer_waits_until_the_first_leaves(tmp_path):
    database = str(tmp_path / "site.db")
    writer_queue.enter(database)
    entered = threading.Event()

    def second_writer():
        writer_queue.enter(database)
        entered.set()
        writer_queue.leave()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert not entered.wait(0.3)  # queued behind the first
    writer_queue.leave()
    assert entered.wait(5)  # let in as soon as the first left
    thread.join(5)


def test_in_memory_databases_do_not_queue():
    writer_queue.enter(":memory:")
    assert not writer_queue.holding()
