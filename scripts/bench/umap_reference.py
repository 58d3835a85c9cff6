#!/usr/bin/python3
"""The UMAP peer of `musicdash bench cluster`: umap-learn's UMAP on the same data, defaults as the project's
(n_neighbors 15, min_dist 0.1, spectral start, 500 epochs up to 10 000 points, 200 above).

Usage (musicdash runs it): umap_reference.py X.csv REPEATS
Needs Debian's umap-learn (python3 module `umap`, numba JIT). Prints one "name value" per line:
  umap_jit       ms of the warm-up fits (seeded and not, 10 epochs) on random data of the same width, 300 points or,
                 from 4096 points where umap-learn switches to NN-descent, 4096: numba's JIT compilation, excluded
  umap           median ms of fit_transform with random_state=0 (umap-learn then runs its SGD on one thread, as seeded)
  umap_cpu       median CPU ms (all threads of the process) of the same fits: the fairer figure on a loaded machine
  umap_parallel  median ms of fit_transform without a seed (numba-parallel SGD, not reproducible)
  umap_trust     trustworthiness (k = 10) of the seeded embedding, only up to 3000 points
"""
import sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")
import umap
X = np.loadtxt(sys.argv[1], delimiter=","); R = int(sys.argv[2])
def timed(f):
    s = time.perf_counter(); r = f(); return (time.perf_counter() - s) * 1000, r
def med(f, cpu=None):
    t, c = [], []
    for _ in range(R):
        c0 = time.process_time(); t.append(timed(f)[0]); c.append((time.process_time() - c0) * 1000)
    if cpu is not None: print(cpu, sorted(c)[len(c) // 2])
    return sorted(t)[len(t) // 2]
warm = np.random.RandomState(0).normal(size=(300 if len(X) < 4096 else 4096, X.shape[1]))
jit = timed(lambda: umap.UMAP(random_state=0, n_epochs=10).fit_transform(warm))[0] + timed(lambda: umap.UMAP(n_epochs=10).fit_transform(warm))[0]
print("umap_jit", jit)
print("umap", med(lambda: umap.UMAP(random_state=0).fit_transform(X), cpu="umap_cpu"))
print("umap_parallel", med(lambda: umap.UMAP().fit_transform(X)))
if len(X) <= 3000:
    from sklearn.manifold import trustworthiness
    print("umap_trust", trustworthiness(X, umap.UMAP(random_state=0).fit_transform(X), n_neighbors=10))
