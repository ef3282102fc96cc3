"""Intent service: the three-stage classifier (patterns -> embeddings kNN -> LLM) and its task."""
