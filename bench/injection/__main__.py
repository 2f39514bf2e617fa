from bench.injection.results import main

main()
