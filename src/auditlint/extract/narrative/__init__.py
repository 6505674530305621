"""Narrative: facts of paragraphs, their clauses, and the relation phrases that join them."""
