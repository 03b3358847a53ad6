"""Retrieval quality on ALQAC, ViCoV19QA and the dev questions: recall, MRR, fusion choice."""
