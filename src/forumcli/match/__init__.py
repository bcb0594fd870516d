"""Matching: a remark's terms found in the taxonomy, and the topics and kinds they decide."""
