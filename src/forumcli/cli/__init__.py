"""The command line (Typer): options, error mapping and one module per command group."""
