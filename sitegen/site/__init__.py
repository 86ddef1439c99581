"""The site: which pages exist and what they list (model), and rendering them to files."""
