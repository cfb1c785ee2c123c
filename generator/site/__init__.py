"""The site: stage a docs tree, run the engine, assemble, verify, search, build."""

# The site engines a build can run (site/engine.py), here so that the command line can offer
# them without importing the build.
ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
