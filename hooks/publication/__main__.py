"""`python -m publication ...`, and `python -m hooks.publication ...` from the project folder (as existing
pre-commit configurations call it): the same as the `publication` command. See cli.py."""

# Absolute, so that under `-m hooks.publication` too the code is the installed `publication` package,
# imported under that one name, never a second copy as `hooks.publication.*`.
from publication.cli import main

raise SystemExit(main())
