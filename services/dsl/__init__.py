"""DSL service: generation (LLM or built-in architect) and the D2 language core."""
