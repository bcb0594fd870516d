"""Text: Unicode normalisation, diacritic folding, syllables; splitting lines into remarks and speakers."""
