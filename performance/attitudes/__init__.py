"""The Public Attitude Survey by borough and quarter: reading MOPAC's file, whole or not at
all, and storing it as an edition that a release publishes (docs/figures.md)."""
