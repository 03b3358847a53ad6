"""govqa's engine, with no knowledge of Telegram or HTTP.

The answer path reads top-down: `engine.Engine.ask(question, role)` → `answer.ask_index` →
`exact.answer_exact` (registers) or `search.search` (hybrid retrieval) → `answer.compose`.
Start with `Engine(Settings.from_env())` (retrieval.engine, retrieval.config).
"""
