"""`python -m juesuan`: the same as the `juesuan` command."""
import sys

from juesuan.cli import main

sys.exit(main())
