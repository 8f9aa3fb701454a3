"""`python -m hooks.publication ...` (or `python -m publication ...` with hooks/ on the path): see cli.py."""

from .cli import main

raise SystemExit(main())
