"""Time: entry-into-force rules resolved to dates, version chains, point-in-time status (half-open intervals)."""
