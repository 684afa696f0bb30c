"""Only what pyproject.toml cannot say: the top-level ``resources/`` folder (the design card's
layout, kept where it is) is shipped inside the package as ``counter_app.resource_files``.
It also stamps the build: ``counter_protocol/BUILD`` in the built package names the commit and
the date it was built from (counter_protocol.build). Everything else is in pyproject.toml."""

import sys
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

DATA = "counter_app.resource_files"
ROOT = Path(__file__).resolve().parent


class StampedBuild(build_py):
    """build_py that writes counter_protocol/BUILD into the built tree (a wheel; an editable install
    reads the checkout's git metadata instead)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(ROOT))
        from counter_protocol.build import write_build_file

        build = write_build_file(Path(self.build_lib) / "counter_protocol", ROOT)
        print(f"counter_protocol/BUILD: {build}")


setup(
    cmdclass={"build_py": StampedBuild},
    # namespace packages too: the Alembic migration folders carry no __init__.py
    packages=find_namespace_packages(include=["counter_app*", "counter_central*", "counter_protocol*", "counter_rules*"],
                                     exclude=["*__pycache__*"])
    + [DATA]
    # its sub-folders (catalog/, params/, i18n/, spec/, fonts/ ...) as data-only packages
    + [f"{DATA}.{name}" for name in find_namespace_packages("resources", exclude=["*__pycache__*"])],
    package_dir={DATA: "resources"},
)
