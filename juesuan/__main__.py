"""`python -m juesuan`: the same as the `juesuan` command."""
import sys

from .cli import main

sys.exit(main())
