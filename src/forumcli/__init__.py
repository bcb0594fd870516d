"""forumcli: tag and tally what citizens say at Vietnamese public forums."""

__version__ = "0.1.0"

# The environment variable naming the taxonomy file (kept here so the CLI can name it without importing yaml).
TAXONOMY_ENV = "FORUMCLI_TAXONOMY"
