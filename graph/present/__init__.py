"""Answers in words: citations, the interface's languages, why an answer is what it is, requirements in words, whole-act downloads."""
