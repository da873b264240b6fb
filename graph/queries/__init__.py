"""Questions over the store: a provision or act at a date, as known on a day, requirements and positions in force, eligibility, full-text search."""
