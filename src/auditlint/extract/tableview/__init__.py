"""Table views: a table's header, columns, rows and panels as read from its header vocabulary."""
