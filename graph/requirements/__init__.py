"""Qualification requirements, positions and eligibility as model values: a wording → requirements, position cards, a candidate against requirements, candidate shapes."""
