"""One event, many reports: grouping entries from different articles."""
