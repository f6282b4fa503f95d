"""`python -m station_desk`: the same as the `station-desk` command."""

from station_desk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
