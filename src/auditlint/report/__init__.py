"""report: findings to the outside world."""
