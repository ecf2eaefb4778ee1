from otpath.cli import main

main()
