"""Reading: files, folders and stdin into remarks (text, Markdown, JSON Lines, Word, CSV/TSV/Excel)."""
