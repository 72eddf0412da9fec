"""One module per subcommand group: register(subparsers, common) adds its parser(s)."""
