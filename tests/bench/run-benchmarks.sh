#!/bin/sh
# Builds Mezzo and runs every benchmark, then writes docs/benchmarks.md (about 6 minutes
# on 2 cores). Extra arguments go to Maven, for example:
#   tests/bench/run-benchmarks.sh -o                          # offline
#   tests/bench/run-benchmarks.sh -Dbench.runs=5              # median of 5 runs
#   tests/bench/run-benchmarks.sh -Dbench.only=allocator      # one benchmark (the report then has only it)
# Run it on a quiet machine: the report records the load average, but cannot undo it.
set -eu
cd "$(dirname "$0")/../.."
exec mvn -B -Pbench verify -pl tests -am -DskipTests \
  "-Dbench.command=tests/bench/run-benchmarks.sh${*:+ $*}" "$@"
