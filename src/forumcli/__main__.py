from forumcli.cli.app import main

main()
