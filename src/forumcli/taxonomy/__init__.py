"""The taxonomy: categories.yaml loaded, validated and checked."""
