"""govqa's engine, with no knowledge of Telegram or HTTP.

The answer path reads top-down: `engine.Engine.ask(question, role)` → `answer.ask_index`: reject →
`query.read_query` (the question, read once) → `scope.gaps` (what the data does not cover) →
`exact.answer_exact` (registers) or `search.search` (hybrid retrieval) → `answer.compose` (`wording`).
Start with `Engine(Settings.from_env())` (retrieval.engine, retrieval.config).
"""
