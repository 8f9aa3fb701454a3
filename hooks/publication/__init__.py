"""The publication core: records in, catalogue, pages and feeds out. Imports nothing from MkDocs.

Installed as the `publication` package (pyproject.toml; `pip install -r requirements.txt`), with the
`publication` command (cli.py) for editors: `publication check|new|schema`.
"""
