"""The site: stage a docs tree, run the engine, assemble, verify, search, build."""
