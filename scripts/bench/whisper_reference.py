#!/usr/bin/python3
"""The peer of `musicdash bench whisper`: openai-whisper's own model code on the same weights, mel, threads and tokens.

Loads the ggml weights (F32/F16) into openai-whisper's Whisper module (model.py imported from the given source folder, or
the installed package) and times its encoder and decoder the way decoding.py drives them: the install_kv_cache_hooks
cache, the whole prompt first, then one token per step, argmax over the last position.

Usage (musicdash runs it): whisper_reference.py MODEL MEL.f32 PROMPT,TOKENS STEPS REPEATS THREADS [WHISPER_SRC]
Needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread) and openai-whisper's source.
Prints: encoder_ms, decode_ms, tokens, torch (one "key value" per line).
"""
import importlib, os, sys, time, types
import numpy as np
try:
    import torch
except ImportError:
    sys.exit("python3-torch is not installed (apt-get install python3-torch libopenblas0-pthread)")
model_path, mel_path, prompt, steps, repeats, threads, src = sys.argv[1:8]
prompt = [int(t) for t in prompt.split(",")]; steps = int(steps); repeats = int(repeats)
torch.set_num_threads(int(threads))
if src:
    # Only model.py is needed: stub the package and the two modules it imports for its bound methods.
    pkg = types.ModuleType("whisper"); pkg.__path__ = [os.path.join(src, "whisper")]; sys.modules["whisper"] = pkg
    for name, attrs in (("decoding", ("decode", "detect_language")), ("transcribe", ("transcribe",))):
        m = types.ModuleType("whisper." + name)
        for a in attrs: setattr(m, a, None)
        sys.modules["whisper." + name] = m
try:
    wm = importlib.import_module("whisper.model")
except ImportError:
    sys.exit("openai-whisper's source not found: pass --peer-src <checkout> or set WHISPER_SRC, or install openai-whisper")

def load(path):
    b = open(path, "rb").read(); o = 0
    def i32(n=1):
        nonlocal o
        v = np.frombuffer(b, "<i4", n, o); o += 4 * n; return v
    assert i32()[0] == 0x67676d6c
    hp = [int(x) for x in i32(11)]
    n_mel, n_fft = i32(2); o += 4 * int(n_mel) * int(n_fft)
    for _ in range(int(i32()[0])):
        n = int(i32()[0]); o += n  # read first: "o += i32()" would add to the stale offset
    sd = {}
    while o < len(b):
        nd, nl, tt = (int(x) for x in i32(3)); ne = [int(x) for x in i32(nd)]
        name = b[o:o + nl].decode(); o += nl
        if tt not in (0, 1): sys.exit(f"the peer reads F32/F16 files only ({name} has ggml type {tt})")
        dt = "<f4" if tt == 0 else "<f2"; n = int(np.prod(ne))
        a = np.frombuffer(b, dt, n, o).astype(np.float32); o += n * (4 if tt == 0 else 2)
        shape = list(reversed(ne))
        if name in ("encoder.conv1.bias", "encoder.conv2.bias"): shape = [ne[1]]
        sd[name] = torch.from_numpy(a.reshape(shape).copy())
    return hp, sd

hp, sd = load(model_path)
dims = wm.ModelDimensions(n_vocab=hp[0], n_audio_ctx=hp[1], n_audio_state=hp[2], n_audio_head=hp[3], n_audio_layer=hp[4],
                          n_text_ctx=hp[5], n_text_state=hp[6], n_text_head=hp[7], n_text_layer=hp[8], n_mels=hp[9])
model = wm.Whisper(dims); model.load_state_dict(sd); model.eval()
mel = torch.from_numpy(np.fromfile(mel_path, "<f4").reshape(1, hp[9], -1).copy())

def med(f):
    t = []
    for _ in range(repeats):
        s = time.perf_counter(); r = f(); t.append((time.perf_counter() - s) * 1000)
    return sorted(t)[len(t) // 2], r

def greedy(feats):
    cache, hooks = model.install_kv_cache_hooks()
    toks = torch.tensor([prompt]); out = []
    logits = model.decoder(toks, feats, kv_cache=cache)
    for i in range(steps):
        nxt = int(logits[0, -1].argmax()); out.append(nxt)
        if i + 1 < steps: logits = model.decoder(torch.tensor([[nxt]]), feats, kv_cache=cache)
    for h in hooks: h.remove()
    return out

with torch.no_grad():
    feats = model.embed_audio(mel)
    enc_ms, _ = med(lambda: model.embed_audio(mel))
    dec_ms, toks = med(lambda: greedy(feats))
print("encoder_ms", enc_ms); print("decode_ms", dec_ms); print("tokens", ",".join(map(str, toks))); print("torch", torch.__version__)
