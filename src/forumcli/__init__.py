"""forumcli: tag and tally what citizens say at Vietnamese public forums."""

__version__ = "0.1.0"
