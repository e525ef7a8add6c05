"""graphgrad's thread pool (core/parallel.h): results do not depend on which thread runs a chunk
(GEMM and elementwise results not even on the thread count; a reduction's only on the count);
concurrent callers, thread-count changes and fork() are safe."""
import os
import threading

import numpy as np
import pytest

import graphgrad as gg


@pytest.fixture
def threads():
    old = gg.get_num_threads()
    yield
    gg.set_num_threads(old)


def work(seed):
    rng = np.random.default_rng(seed)
    a, b = gg.tensor(rng.standard_normal((300, 200), dtype=np.float32)), gg.tensor(rng.standard_normal((200, 250), dtype=np.float32))
    x = gg.tensor(rng.standard_normal(400_000, dtype=np.float32))
    return [(a @ b).numpy(), (x.exp() * 2).sum().numpy(), gg.relu(x).numpy()]


def test_results_are_reproducible_and_gemm_elementwise_independent_of_thread_count(threads):
    gg.set_num_threads(1)
    ref = work(0)
    for n in (2, 3, 5):
        gg.set_num_threads(n)
        first = work(0)
        for _ in range(3):
            assert all(np.array_equal(g, w) for g, w in zip(work(0), first))
        assert np.array_equal(first[0], ref[0]) and np.array_equal(first[2], ref[2])
        np.testing.assert_allclose(first[1], ref[1], rtol=1e-6)


def test_concurrent_python_threads_get_their_own_results(threads):
    gg.set_num_threads(2)
    refs = [work(s) for s in range(4)]
    out, errors = [None] * 4, []

    def run(i):
        try:
            for _ in range(5):
                out[i] = work(i)
                assert all(np.array_equal(g, w) for g, w in zip(out[i], refs[i]))
        except Exception as e:  # reported below: an assertion in a thread would be lost
            errors.append(e)

    ts = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_runs_parallel_kernels(threads):
    gg.set_num_threads(2)
    ref = work(1)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's pool threads do not exist here
        ok = all(np.array_equal(g, want) for g, want in zip(work(1), ref))
        os.write(w, b"1" if ok else b"0")
        os._exit(0)
    os.close(w)
    got = os.read(r, 1)
    os.waitpid(pid, 0)
    assert got == b"1"
