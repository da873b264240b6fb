"""SHACL shapes (Turtle) for the graph's data and for candidates — built by the requirements issue."""
