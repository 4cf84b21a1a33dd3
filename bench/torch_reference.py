#!/usr/bin/env python3
"""The PyTorch side of `npm run bench -- --vs-torch`: the lab's model and workloads in eager PyTorch.

The same shape as the bench's model (3 layers, width 96, 4 heads, MLP 384, vocabulary 60, rotary
positions, pre-LN, ReLU MLP, tied embedding; src/core/model/transformer.ts), the same workloads and
the same batch and lengths:

- sampling: batch B (64, and the evaluation batch 256) of prompts of `--prompt-len` tokens, then
  128 new tokens at temperature 1 with a KV cache; every row decodes all 128 steps, so tokens/s =
  B x 128 / seconds (the browser bench counts the decode steps it actually took the same way);
- one train step: 64 sequences x 160 tokens, teacher-forced masked NLL over the completion tokens
  (the last 100 of each row), backward through every parameter, one Adam step.

Prints one JSON object. Run with Debian's python3-torch (/usr/bin/python3); `--threads` sets
torch's intra-op threads (the browser's WASM backend runs on one).
"""
import argparse
import json
import math
import platform
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

VOCAB, CONTEXT, LAYERS, HEADS, D, FF = 60, 320, 3, 4, 96, 384


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = torch.nn.LayerNorm(D, eps=1e-5)
        self.qkv = torch.nn.Linear(D, 3 * D)
        self.o = torch.nn.Linear(D, D)
        self.ln2 = torch.nn.LayerNorm(D, eps=1e-5)
        self.w1 = torch.nn.Linear(D, FF)
        self.w2 = torch.nn.Linear(FF, D)

    def forward(self, x, cos, sin, bias, past=None):
        B, T, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        shape = lambda t: t.view(B, T, HEADS, D // HEADS).transpose(1, 2)  # [B, H, T, Dh]
        q, k, v = rotate(shape(q), cos, sin), rotate(shape(k), cos, sin), shape(v)
        if past is not None:
            k, v = torch.cat([past[0], k], 2), torch.cat([past[1], v], 2)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D // HEADS) + bias, dim=-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, T, D))
        x = x + self.w2(F.relu(self.w1(self.ln2(x))))
        return x, (k, v)


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)


def rotary(positions):
    """positions [B, T] -> cos, sin [B, 1, T, Dh/2]."""
    half = D // HEADS // 2
    freq = torch.pow(10000.0, -torch.arange(half, dtype=torch.float32) / half)
    angle = positions.float()[..., None] * freq
    return torch.cos(angle)[:, None], torch.sin(angle)[:, None]


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(VOCAB, D)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = torch.nn.LayerNorm(D, eps=1e-5)

    def run(self, ids, positions, bias, cache=None):
        x = self.emb(ids)
        cos, sin = rotary(positions)
        new = []
        for l, block in enumerate(self.blocks):
            x, kv = block(x, cos, sin, bias, None if cache is None else cache[l])
            new.append(kv)
        return self.ln_f(x) @ self.emb.weight.T, new


def causal(T):
    return torch.triu(torch.full((T, T), -1e9), diagonal=1)


@torch.no_grad()
def sample(model, B, prompt_len, new_tokens, gen):
    ids = torch.randint(3, VOCAB, (B, prompt_len), generator=gen)
    positions = torch.arange(prompt_len).expand(B, prompt_len)
    logits, cache = model.run(ids, positions, causal(prompt_len))
    token = torch.multinomial(torch.softmax(logits[:, -1], -1), 1, generator=gen)
    for step in range(new_tokens - 1):
        pos = torch.full((B, 1), prompt_len + step)
        logits, cache = model.run(token, pos, torch.zeros(1, 1, 1, 1), cache)
        token = torch.multinomial(torch.softmax(logits[:, -1], -1), 1, generator=gen)


def train_step(model, opt, B, T, completion, gen):
    ids = torch.randint(3, VOCAB, (B, T), generator=gen)
    positions = torch.arange(T).expand(B, T)
    logits, _ = model.run(ids, positions, causal(T))
    logp = torch.log_softmax(logits[:, :-1], -1).gather(-1, ids[:, 1:, None])[..., 0]
    mask = torch.zeros(B, T - 1)
    mask[:, T - 1 - completion :] = 1
    loss = -(logp * mask).sum() / mask.sum()
    opt.zero_grad()
    loss.backward()
    opt.step()


def timed(fn, reps):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--prompt-len", type=int, default=40)
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--sample-batches", default="64,256")
    ap.add_argument("--train-batch", type=int, default=64)
    ap.add_argument("--train-len", type=int, default=160)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = Model()
    opt = torch.optim.Adam(model.parameters(), lr=2e-5)
    out = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        # Debian's build says BLAS_INFO=generic: the BLAS is whichever libblas.so.3 the system selects
        # (libopenblas0-pthread installs OpenBLAS as that alternative).
        "blas": (re.search(r"BLAS_INFO=(\w+)", torch.__config__.show()) or [None, "unknown"])[1],
        "parameters": sum(p.numel() for p in model.parameters()),
        "sampling": {},
    }
    for B in [int(b) for b in args.sample_batches.split(",")]:
        ms, times = timed(lambda: sample(model, B, args.prompt_len, args.new_tokens, gen), args.reps)
        out["sampling"][str(B)] = {"batch": B, "promptLength": args.prompt_len, "newTokens": args.new_tokens, "medianMs": ms, "timesMs": times, "tokensPerSecond": B * args.new_tokens / (ms / 1000)}
    ms, times = timed(lambda: train_step(model, opt, args.train_batch, args.train_len, 100, gen), args.reps)
    out["trainStep"] = {"batch": args.train_batch, "seqLen": args.train_len, "medianMs": ms, "timesMs": times}
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
