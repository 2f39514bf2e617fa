from rekon.cli import main

main()
