"""The frozen program's entry script: the same `main` as the `scaffold` console script."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
