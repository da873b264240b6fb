"""Consolidation: one act's version chains from every source that speaks of it; what an amending act changed; what the sources disagree on."""
