#!/usr/bin/python3
"""The peer of `musicdash bench features`: the same feature computations, timed in the same run as ours.

Two peers, never confused:
- "numpy": numpy/scipy statements of librosa 0.10's algorithms (librosa cannot be installed on this machine). They follow
  librosa 0.10 step by step at its defaults and dtypes: float32 audio as librosa.load returns it; stft = periodic Hann
  (float64, as get_window gives it) x strided frames, numpy.fft.rfft in librosa's 256-KB column blocks, complex64;
  power |X|^2 in float32; the float32 Slaney mel filter bank (rebuilt per call, as librosa.filters.mel is) applied with
  np.einsum(optimize=True) (BLAS); power_to_db; scipy.fft.dct (ortho); chroma_stft = estimate_tuning (piptrack:
  gradient, parabolic shift, thresholded local maxima between 150 Hz and 4 kHz, median magnitude, pitch_tuning's 0.01-bin
  histogram) + librosa.filters.chroma + einsum + normalize(norm=inf); spectral centroid / bandwidth / roll-off on |X|
  (normalize(norm=1), the bandwidth recomputing the centroid as librosa does); zero_crossing_rate (edge padding) and rms
  (float32); effects.hpss = magphase, scipy.ndimage.median_filter (31, reflect) along time and frequency, softmask(power
  2, split zeros), istft (irfft, overlap-add, window sum of squares) of both; onset_strength from the log-mel spectrogram
  and beat.tempo (tempogram of 8 s, log-normal prior). The filter banks, DCT and tempo reuse the float64 reference of
  tests/fixtures/features/make_gtzan57_fixture.py (checked there against real librosa 0.10.2 arrays); its label in the
  output is "numpy/scipy (librosa's algorithms)": it is not librosa.
- "librosa": librosa's own calls, only when LIBROSA_SRC names a folder holding the librosa package or `import librosa`
  works; otherwise the output says it was not available.

Usage (musicdash runs it): features_reference.py --files A.wav [B.wav ...] --repeats R [--peer numpy|librosa] [--check]
Prints one JSON object: {"peer": ..., "blas": ..., "threads": ..., "rows": {name: {"median_ms", "cpu_ms"}}}, figures in
ms per 30 s of audio (each file's time scaled by 30 / its duration), medians of R after one warm-up. Row names:
stft, mel, mfcc, chroma, chroma_tuning0, tuning, spectral, hpss, tempo (whole track), and pipeline: decode with soundfile,
cut into 10-s clips, and per clip every feature a run extracts (pooled MFCC mean+std, log-mel statistics, the GTZAN-57
set, the log-mel image), one STFT per clip shared by all of them.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.fft
import scipy.ndimage
import soundfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "fixtures", "features"))
import make_gtzan57_fixture as ref  # noqa: E402  (float64 reference: filter banks, DCT definition, tempo)

SR, N_FFT, HOP, N_MELS = 22050, 2048, 512, 128
MAX_MEM_BLOCK = 2 ** 8 * 2 ** 10  # librosa.util.MAX_MEM_BLOCK
TINY32 = np.finfo(np.float32).tiny


# ------------------------------------------------------------------ librosa 0.10's algorithms in numpy/scipy
def frame(x, length, hop):
    """util.frame on the last axis: a strided view [length, n_frames]."""
    n = 1 + (x.shape[-1] - length) // hop
    return np.lib.stride_tricks.as_strided(x, shape=(length, n), strides=(x.strides[-1], hop * x.strides[-1]))


def stft(y):
    window = ref.hann(N_FFT)  # float64, get_window('hann', fftbins=True)
    padded = np.pad(y, N_FFT // 2, mode="constant")
    frames = frame(padded, N_FFT, HOP)
    out = np.zeros((1 + N_FFT // 2, frames.shape[1]), dtype=np.complex64, order="F")
    cols = max(1, MAX_MEM_BLOCK // (out.shape[0] * out.itemsize))
    for s in range(0, out.shape[1], cols):
        out[:, s:s + cols] = np.fft.rfft(window[:, None] * frames[:, s:s + cols], axis=0)
    return out


def mel_basis():
    return ref.mel_filters().astype(np.float32)  # librosa.filters.mel(dtype=float32), rebuilt per call as librosa does


def melspectrogram(power):
    return np.einsum("ft,mf->mt", power, mel_basis(), optimize=True)


def power_to_db(s, top_db=80.0):
    db = 10.0 * np.log10(np.maximum(1e-10, s))
    db -= 10.0 * np.log10(np.maximum(1e-10, 1.0))
    return np.maximum(db, db.max() - top_db)


def mfcc_from_db(mel_db, n_mfcc):
    return scipy.fft.dct(mel_db, axis=-2, type=2, norm="ortho")[:n_mfcc]


def localmax(x):
    xp = np.pad(x, ((1, 1), (0, 0)), mode="edge")
    return (x > xp[:-2]) & (x >= xp[2:])


def parabolic_shift(s):
    # librosa 0.10 _parabolic_interpolation (a numba stencil there): -b / a, 0 where |b| >= |a| and at both edges.
    shift = np.zeros_like(s)
    a = s[2:] + s[:-2] - 2 * s[1:-1]
    b = (s[2:] - s[:-2]) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        shift[1:-1] = np.where(np.abs(b) >= np.abs(a), 0, -b / a)
    return shift


def piptrack(s, fmin=150.0, fmax=4000.0, threshold=0.1):
    s = np.abs(s)
    fmax = min(fmax, SR / 2)
    freqs = np.linspace(0, SR / 2, 1 + N_FFT // 2)
    avg = np.gradient(s, axis=-2)
    shift = parabolic_shift(s)
    dskew = 0.5 * avg * shift
    pitches = np.zeros_like(s)
    mags = np.zeros_like(s)
    freq_mask = ((fmin <= freqs) & (freqs < fmax))[:, None]
    ref_value = threshold * np.max(s, axis=-2, keepdims=True)
    idx = np.nonzero(freq_mask & localmax(s * (s > ref_value)))
    pitches[idx] = (idx[0] + shift[idx]) * float(SR) / N_FFT
    mags[idx] = s[idx] + dskew[idx]
    return pitches, mags


def pitch_tuning(freqs, resolution=0.01, bins_per_octave=12):
    freqs = freqs[freqs > 0]
    if not np.any(freqs):
        return 0.0
    residual = np.mod(bins_per_octave * ref.hz_to_octs(freqs, bins_per_octave=bins_per_octave), 1.0)
    residual[residual >= 0.5] -= 1.0
    counts, edges = np.histogram(residual, np.linspace(-0.5, 0.5, int(np.ceil(1.0 / resolution)) + 1))
    return float(edges[np.argmax(counts)])


def estimate_tuning(power):
    pitch, mag = piptrack(power)
    mask = pitch > 0
    threshold = np.median(mag[mask]) if mask.any() else 0.0
    return pitch_tuning(pitch[(mag >= threshold) & mask])


def normalize(s, norm):
    mag = np.abs(s).astype(float)
    length = np.max(mag, axis=-2, keepdims=True) if norm == np.inf else np.sum(mag, axis=-2, keepdims=True)
    length[length < np.finfo(s.dtype).tiny] = 1.0
    return s / length


def chroma_stft(power, tuning=None):
    if tuning is None:
        tuning = estimate_tuning(power)
    fb = ref.chroma_filters(tuning).astype(np.float32)
    return normalize(np.einsum("cf,ft->ct", fb, power, optimize=True), np.inf)


def spectral(mag, y):
    freq = np.linspace(0, SR / 2, 1 + N_FFT // 2)[:, None]
    centroid = np.sum(freq * normalize(mag, 1), axis=-2, keepdims=True)
    centroid_again = np.sum(freq * normalize(mag, 1), axis=-2, keepdims=True)  # spectral_bandwidth(centroid=None)
    bandwidth = np.sum(normalize(mag, 1) * np.abs(freq - centroid_again) ** 2, axis=-2, keepdims=True) ** 0.5
    total = np.cumsum(mag, axis=-2)
    threshold = 0.85 * total[-1:]
    rolloff = np.nanmin(np.where(total < threshold, np.nan, 1) * freq, axis=-2, keepdims=True)
    return centroid, bandwidth, rolloff, zero_crossing_rate(y), rms(y)


def zero_crossing_rate(y):
    f = frame(np.pad(y, N_FFT // 2, mode="edge"), N_FFT, HOP).copy()
    f[np.abs(f) <= 1e-10] = 0
    sign = np.signbit(f)
    crossings = np.pad(sign[1:] != sign[:-1], ((1, 0), (0, 0)))
    return np.mean(crossings, axis=-2, keepdims=True)


def rms(y):
    f = frame(np.pad(y, N_FFT // 2, mode="constant"), N_FFT, HOP)
    return np.sqrt(np.mean(np.abs(f) ** 2, axis=-2, keepdims=True, dtype=np.float32))


def softmask(x, x_ref, power=2.0):
    z = np.maximum(x, x_ref).astype(x.dtype)
    bad = z < np.finfo(x.dtype).tiny
    z[bad] = 1
    mask = (x / z) ** power
    ref_mask = (x_ref / z) ** power
    good = ~bad
    mask[good] /= mask[good] + ref_mask[good]
    mask[bad] = 0.5
    return mask


def istft(spec, length):
    window = ref.hann(N_FFT)
    n_frames = min(spec.shape[1], int(np.ceil((length + 2 * (N_FFT // 2)) / HOP)))
    frames = (window[:, None] * np.fft.irfft(spec[:, :n_frames], n=N_FFT, axis=0)).astype(np.float32)
    total = N_FFT + HOP * (n_frames - 1)
    y = np.zeros(total, dtype=np.float32)
    env = np.zeros(total)
    for t in range(n_frames):  # librosa's __overlap_add / window_sumsquare (numba loops there)
        y[t * HOP:t * HOP + N_FFT] += frames[:, t]
        env[t * HOP:t * HOP + N_FFT] += window ** 2
    y, env = y[N_FFT // 2:N_FFT // 2 + length], env[N_FFT // 2:N_FFT // 2 + length]
    ok = env > np.finfo(env.dtype).tiny
    y[ok] /= env[ok]
    return y


def hpss(x, length, kernel=31):
    mag = np.abs(x)
    zeros = mag == 0
    nonzero = mag + zeros
    phase = np.empty_like(x)
    phase.real = x.real / nonzero + zeros
    phase.imag = x.imag / nonzero
    harm = scipy.ndimage.median_filter(mag, size=(1, kernel), mode="reflect")
    perc = scipy.ndimage.median_filter(mag, size=(kernel, 1), mode="reflect")
    xh = (mag * softmask(harm, perc)) * phase
    xp = (mag * softmask(perc, harm)) * phase
    return istft(xh, length), istft(xp, length)


def tempo(mel_db):
    return ref.tempo(ref.onset_strength(mel_db.astype(np.float64)))[0]


def clip_features(y):
    """Everything a run extracts from one clip, from one STFT."""
    x = stft(y)
    power = np.abs(x) ** 2
    mag = np.abs(x)
    mel_db = power_to_db(melspectrogram(power))
    image = mel_db.copy()
    mfcc = mfcc_from_db(mel_db, 40)
    pooled = np.concatenate([mfcc.mean(axis=1), mfcc.std(axis=1)])
    stats = np.concatenate([mel_db.mean(axis=1), mel_db.std(axis=1)])
    chroma = chroma_stft(power)
    c, b, r, z, e = spectral(mag, y)
    yh, yp = hpss(x, len(y))
    bpm = tempo(mel_db)
    g = [chroma.mean(), chroma.var()] + [f(a) for a in (e, c, b, r, z) for f in (np.mean, np.var)]
    g += [yh.mean(), yh.var(), yp.mean(), yp.var(), bpm] + [f(m) for m in mfcc[:20] for f in (np.mean, np.var)]
    return pooled, stats, np.array(g), image


# ------------------------------------------------------------------ librosa itself, when present
def librosa_rows():
    import librosa

    def stft_l(y):
        return librosa.stft(y, n_fft=N_FFT, hop_length=HOP)

    def clip_l(y):
        x = librosa.stft(y, n_fft=N_FFT, hop_length=HOP)
        power = np.abs(x) ** 2
        mag = np.abs(x)
        mel_db = librosa.power_to_db(librosa.feature.melspectrogram(S=power, sr=SR, n_mels=N_MELS))
        mfcc = librosa.feature.mfcc(S=mel_db, n_mfcc=40)
        chroma = librosa.feature.chroma_stft(S=power, sr=SR)
        c = librosa.feature.spectral_centroid(S=mag, sr=SR)
        b = librosa.feature.spectral_bandwidth(S=mag, sr=SR)
        r = librosa.feature.spectral_rolloff(S=mag, sr=SR)
        z = librosa.feature.zero_crossing_rate(y)
        e = librosa.feature.rms(y=y)
        xh, xp = librosa.decompose.hpss(x)
        yh, yp = librosa.istft(xh, length=len(y)), librosa.istft(xp, length=len(y))
        onset = librosa.onset.onset_strength(S=mel_db, sr=SR)
        bpm = librosa.feature.rhythm.tempo(onset_envelope=onset, sr=SR, hop_length=HOP)
        return mfcc, chroma, c, b, r, z, e, yh, yp, bpm, mel_db.copy()

    def tempo_l(y):
        return librosa.feature.rhythm.tempo(y=y, sr=SR)

    return {
        "stft": lambda y, p: np.abs(stft_l(y)) ** 2,
        "mel": lambda y, p: librosa.feature.melspectrogram(y=y, sr=SR),
        "mfcc": lambda y, p: librosa.feature.mfcc(y=y, sr=SR, n_mfcc=20),
        "chroma": lambda y, p: librosa.feature.chroma_stft(y=y, sr=SR),
        "chroma_tuning0": lambda y, p: librosa.feature.chroma_stft(y=y, sr=SR, tuning=0.0),
        "tuning": lambda y, p: librosa.estimate_tuning(S=p, sr=SR),
        "spectral": lambda y, p: [librosa.feature.spectral_centroid(y=y, sr=SR), librosa.feature.spectral_bandwidth(y=y, sr=SR),
                                  librosa.feature.spectral_rolloff(y=y, sr=SR), librosa.feature.zero_crossing_rate(y),
                                  librosa.feature.rms(y=y)],
        "hpss": lambda y, p: librosa.effects.hpss(y),
        "tempo": lambda y, p: tempo_l(y),
    }, clip_l, librosa.__version__


def numpy_rows():
    def mfcc20(y):
        return mfcc_from_db(power_to_db(melspectrogram(np.abs(stft(y)) ** 2)), 20)

    def spectral_y(y):
        return spectral(np.abs(stft(y)), y)

    def tempo_y(y):
        return tempo(power_to_db(melspectrogram(np.abs(stft(y)) ** 2)))

    return {
        "stft": lambda y, p: np.abs(stft(y)) ** 2,
        "mel": lambda y, p: melspectrogram(np.abs(stft(y)) ** 2),
        "mfcc": lambda y, p: mfcc20(y),
        "chroma": lambda y, p: chroma_stft(np.abs(stft(y)) ** 2),
        "chroma_tuning0": lambda y, p: chroma_stft(np.abs(stft(y)) ** 2, tuning=0.0),
        "tuning": lambda y, p: estimate_tuning(p),
        "spectral": lambda y, p: spectral_y(y),
        "hpss": lambda y, p: hpss(stft(y), len(y)),
        "tempo": lambda y, p: tempo_y(y),
    }, clip_features, "numpy " + np.__version__ + ", scipy " + scipy.__version__


# ------------------------------------------------------------------ timing
def blas_in_use():
    np.dot(np.ones((64, 64)), np.ones((64, 64)))
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and ".so" in line}
        return ", ".join(sorted(os.path.realpath(p) for p in libs)) or "unknown"
    except OSError:
        return "unknown"


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def timed(work, repeats, scale):
    work()  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        work()
        wall.append((time.perf_counter() - t0) * 1000 * scale)
        cpu.append((time.process_time() - c0) * 1000 * scale)
    return wall, cpu


def check(y, name):
    """The numpy peer against the real librosa 0.10.2 arrays of the fixtures (signal_b): it computes the same thing."""
    path = os.path.join(HERE, "..", "..", "tests", "fixtures", "librosa", name + ".json")
    fixture = json.load(open(path))
    power = np.abs(stft(y)) ** 2
    mfcc = mfcc_from_db(power_to_db(melspectrogram(power)), 20)
    chroma = chroma_stft(power)
    c, b, r, z, e = spectral(np.sqrt(power), y)
    out = {"tuning": estimate_tuning(power), "tuning_librosa": fixture["feature_params"]["chroma_stft"]["estimated_tuning"]}
    for key, ours in [("mfcc20", mfcc), ("chroma", chroma), ("spectral_centroid", c), ("spectral_bandwidth", b), ("zcr", z), ("rms", e)]:
        expected = np.array(fixture[key], dtype=np.float64).reshape(ours.shape)
        out[key] = float(np.abs(expected - ours).max() / np.abs(expected).max())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", nargs="+", required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--peer", choices=["numpy", "librosa"], default="numpy")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--clip-seconds", type=float, default=10.0)
    a = ap.parse_args()
    if a.peer == "librosa":
        src = os.environ.get("LIBROSA_SRC")
        if src:
            sys.path.insert(0, src)
        rows, clip, version = librosa_rows()
    else:
        rows, clip, version = numpy_rows()
    tracks = []
    for path in a.files:
        y, sr = soundfile.read(path, dtype="float32")
        if sr != SR or y.ndim != 1:
            print(json.dumps({"error": f"{os.path.basename(path)}: the peer takes mono {SR} Hz files, this one is {sr} Hz"}))
            return 1
        tracks.append((path, y, np.abs(stft(y)) ** 2, 30.0 / (len(y) / SR)))
    result = {"peer": a.peer, "version": version, "blas": blas_in_use(),
              "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"), "rows": {}}

    def row(name, work):
        wall, cpu = [], []
        for path, y, power, scale in tracks:
            w, c = timed(lambda: work(path, y, power), a.repeats, scale)
            wall += w
            cpu += c
        result["rows"][name] = {"median_ms": median(wall), "cpu_ms": median(cpu)}

    for name, f in rows.items():
        row(name, lambda path, y, p, f=f: f(y, p))
    n_clip = int(a.clip_seconds * SR)

    def pipeline(path, y, p):
        audio, _ = soundfile.read(path, dtype="float32")
        return [clip(audio[s:s + n_clip]) for s in range(0, len(audio) - n_clip + 1, n_clip)]

    row("pipeline", pipeline)
    if a.check and a.peer == "numpy":
        result["check_vs_librosa_0.10.2"] = check(tracks[0][1], "signal_b")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
