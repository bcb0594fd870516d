"""Word segmentation: the one place that touches underthesea (its files, its version, its CRF)."""
