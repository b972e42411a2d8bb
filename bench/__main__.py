"""``python -m bench`` (``make bench``): the whole benchmark; ``--help`` for sizes and repetitions."""

import sys

from .suite import main

sys.exit(main())
