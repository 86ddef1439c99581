"""Cleaning a pasted page: site junk removed by YAML patterns, headline and standfirst found."""
