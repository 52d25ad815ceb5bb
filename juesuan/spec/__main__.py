"""`python -m juesuan.spec --markdown` prints the README's key tables; `--write-readme [README]` rewrites them."""
from __future__ import annotations

import argparse
from pathlib import Path

from juesuan.spec.markdown import key_tables, write_readme


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m juesuan.spec", description=__doc__)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--markdown", action="store_true", help="print the key tables")
    group.add_argument("--write-readme", nargs="?", const="README.md", metavar="README",
                       help="rewrite the generated block of README (default README.md)")
    args = ap.parse_args(argv)
    if args.markdown:
        print(key_tables())
    else:
        print("changed" if write_readme(Path(args.write_readme)) else "unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
