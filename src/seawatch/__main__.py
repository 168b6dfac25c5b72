"""``python -m seawatch`` runs the command line."""

from seawatch.cli import main

raise SystemExit(main())
