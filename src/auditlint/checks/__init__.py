"""checks: rule families evaluating the fact graph."""
