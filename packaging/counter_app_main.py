"""The bundle's entry point: the same ``counter-app`` command as the pip-installed app."""

import sys

from counter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
