#!/usr/bin/env python3
"""Peer figure for `musicdash bench decode` (and the decode row of `bench features`): how long soundfile (libsndfile)
takes to read each file as librosa.load reads it -- soundfile.read(path, dtype='float32'), then the channels averaged to
mono when there are several (librosa.to_mono) -- median of R timed reads after one warm-up read.

usage: soundfile_decode.py [--repeats R] FILE [FILE ...]
prints one JSON object: {"soundfile": version, "libsndfile": version, "repeats": R,
                         "files": {FILE: {"median_ms": ..., "min_ms": ..., "frames": ..., "samplerate": ..., "channels": ...}}}
"""
import argparse
import json
import statistics
import time

import soundfile as sf


def read(path):
    y, sr = sf.read(path, dtype="float32", always_2d=False)
    if y.ndim > 1:
        y = y.mean(axis=1)
    return y, sr


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    out = {"soundfile": sf.__version__, "libsndfile": sf.__libsndfile_version__, "repeats": args.repeats, "files": {}}
    for path in args.files:
        info = sf.info(path)
        read(path)  # warm-up: the page cache, libsndfile's first use
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            y, sr = read(path)
            times.append((time.perf_counter() - t0) * 1000.0)
        out["files"][path] = {
            "median_ms": statistics.median(times),
            "min_ms": min(times),
            "frames": int(len(y)),
            "samplerate": int(sr),
            "channels": int(info.channels),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
