"""Reading seed files of every kind: plain text, Markdown with front matter, saved web pages, sidecars."""
