from forumcli.cli import main

main()
