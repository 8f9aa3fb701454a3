"""The publication core: records in, catalogue, pages and feeds out. Imports nothing from MkDocs."""
