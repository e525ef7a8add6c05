"""``python -m graphgrad train | eval | figures | fetch``: see graphgrad.cli."""
import sys

from .cli import main

sys.exit(main())
