"""Ingest: sources found, parsed in worker processes, consolidated once per run, validated and written to the store in batches."""
