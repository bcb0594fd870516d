"""Analyses of tagged remarks: tally, cross-tabs, evaluation, taxonomy diff, term suggestions, kwic."""
