#!/usr/bin/env python3
"""cmake/check_layers.py rejects upward, sibling, ABI and cli-to-core includes, and accepts the
tree as it is: a wrong include must fail the build's tests, not wait for a reviewer."""
import pathlib
import subprocess
import sys
import tempfile

CHECK = pathlib.Path(__file__).resolve().parents[2] / "cmake" / "check_layers.py"


def run(files):
    with tempfile.TemporaryDirectory() as root:
        for name, text in files.items():
            path = pathlib.Path(root, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        done = subprocess.run([sys.executable, CHECK, root], capture_output=True, text=True)
        return done.returncode, done.stdout


def expect(files, status, needle=""):
    code, out = run(files)
    assert code == status, (files, code, out)
    assert needle in out, (needle, out)


expect({"core/model/a.hpp": '#include "core/report/b.hpp"\n'}, 1, "core/model/a.hpp:1: core/model includes core/report/b.hpp, from the higher layer")
expect({"core/export/a.cpp": '\n#include "core/import/b.hpp"\n'}, 1, "core/export/a.cpp:2: core/export includes core/import/b.hpp, from its sibling")
expect({"cli/a.cpp": '#include "ntpscope_abi.h"\n'}, 1, "only probe may")
expect({"cli/a.cpp": '#include "core/report/x.hpp"\n'}, 1, "go through app")
expect({"cli/a.cpp": '#include "probe/x.hpp"\n'}, 1, "go through app")
expect({"weird/a.cpp": ""}, 1, "not in any layer")
expect({"core/report/a.cpp": '#include "core/diff/b.hpp"\n#include "core/model/c.hpp"\n#include <vector>\n',
        "app/a.cpp": '#include "probe/x.hpp"\n#include "core/import/y.hpp"\n',
        "probe/a.cpp": '#include "ntpscope_abi.h"\n', "cli/a.cpp": '#include "app/x.hpp"\n'}, 0)
# The real tree.
code, out = subprocess.run([sys.executable, CHECK, CHECK.parents[1] / "src"], capture_output=True, text=True).returncode, ""
assert code == 0, "src/ breaks the layer order: run cmake/check_layers.py src"
print("check_layers: ok")
