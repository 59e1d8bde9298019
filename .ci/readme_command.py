"""Print the README's command block under ``<!-- MARKER -->`` (demo-command, test-command).

.ci/run runs the blocks it prints, so CI runs exactly what the README tells a newcomer to run.
"""

import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
m = re.search(rf"<!-- {re.escape(sys.argv[1])} -->\s*```sh\n(.+?)\n```", readme, re.S)
if not m:
    sys.exit(f"README.md has no `<!-- {sys.argv[1]} -->` command block")
print(m.group(1).strip())
