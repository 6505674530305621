"""Disclosure: the standard tables of 预算/决算 reports, their notes, and the report's profile."""
