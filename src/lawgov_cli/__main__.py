"""``python -m lawgov_cli`` runs the command line."""

from lawgov_cli.cli import main

if __name__ == "__main__":
    main()
