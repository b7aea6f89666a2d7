"""Build step that ships the registry, example tables, concordances and scenarios.

The top-level ``io_tables/`` and ``scenarios/`` stay the source; ``build_py`` copies them into
``chainmap/_shipped/`` of the build, so a wheel (built from a clone or from the sdist, whose
MANIFEST.in includes both folders) carries them and an installed chainmap finds them
(:data:`chainmap.io.registry.PROJECT_ROOT`). Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("io_tables", "scenarios")


class BuildPyWithShippedData(build_py):
    """``build_py`` plus a copy of io_tables/ and scenarios/ into chainmap/_shipped/."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the source tree itself
            return
        target = Path(self.build_lib) / "chainmap" / "_shipped"
        if target.exists():
            shutil.rmtree(target)
        for name in SHIPPED:
            source = ROOT / name
            if not source.is_dir():
                msg = f"{source} is missing: build from a clone or from the sdist"
                raise SystemExit(msg)
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns(".*", "__pycache__")
            )


setup(cmdclass={"build_py": BuildPyWithShippedData})
