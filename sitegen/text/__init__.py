"""The text layer: sentence splitting, normalisation (slugs, folding, id keys) and Markdown."""
