"""The jobs over content: the daily run, curation commands, the pull-request diff."""
