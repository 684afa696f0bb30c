"""Only what pyproject.toml cannot say: the top-level ``resources/`` folder (the design card's
layout, kept where it is) is shipped inside the package as ``counter_app.resource_files``.
Everything else is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

DATA = "counter_app.resource_files"

setup(
    # namespace packages too: the Alembic migration folders carry no __init__.py
    packages=find_namespace_packages(include=["counter_app*", "counter_central*", "counter_protocol*", "counter_rules*"],
                                     exclude=["*__pycache__*"])
    + [DATA]
    # its sub-folders (catalog/, params/, i18n/, spec/, fonts/ ...) as data-only packages
    + [f"{DATA}.{name}" for name in find_namespace_packages("resources", exclude=["*__pycache__*"])],
    package_dir={DATA: "resources"},
)
