#!/usr/bin/python3
"""The peer of `musicdash bench cluster`: scikit-learn's K-Means, silhouette, GMM and t-SNE on the same data.

Usage (musicdash runs it): sklearn_cluster_reference.py X.csv REPEATS
Needs Debian's python3-sklearn. Prints the median milliseconds per operation, one "name value" per line.
"""
import sys, time, numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
X = np.loadtxt(sys.argv[1], delimiter=","); R = int(sys.argv[2])
def med(f):
    t = []
    for _ in range(R):
        s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
    return sorted(t)[len(t) // 2]
km = KMeans(n_clusters=10, n_init=10, random_state=0).fit(X)
print("kmeans", med(lambda: KMeans(n_clusters=10, n_init=10, random_state=0).fit(X)))
print("silhouette", med(lambda: silhouette_score(X, km.labels_)))
from sklearn.mixture import GaussianMixture
print("gmm", med(lambda: GaussianMixture(n_components=10, covariance_type="full", random_state=0).fit(X)))
print("gmm_iter", GaussianMixture(n_components=10, covariance_type="full", random_state=0).fit(X).n_iter_)
if len(X) <= 3000:
    from sklearn.manifold import TSNE
    # CPU time of the whole process (every thread), as ours is reported beside the wall time.
    s, c = time.perf_counter(), time.process_time()
    TSNE(n_components=2, init="pca", learning_rate="auto", random_state=0).fit(X)
    print("tsne", (time.perf_counter() - s) * 1000); print("tsne_cpu", (time.process_time() - c) * 1000)
