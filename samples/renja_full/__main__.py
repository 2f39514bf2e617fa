import sys

from samples.renja_full.build import main

main(sys.argv[1:])
