"""The editor's loop: `sitegen check` and `sitegen override` stubs."""
