"""LangChain side of the assistant: model factory, prompts, retrieval, drafting, revision, extraction."""
