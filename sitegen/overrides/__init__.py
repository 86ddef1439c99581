"""The editors' corrections (content/overrides/*.yaml): the schema and applying it."""
