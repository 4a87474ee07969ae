"""Importing the police's published recorded crime (docs/figures.md, "Recorded crime").

A file in any of the police's three layouts (the 2008–2016 borough file, the borough file
since 2019, the ward file) is read whole, checked whole, and refused whole with every
problem named by line and column. A file that passes is stored as published (a row of
the file each, in a ``CrimeEdition``), and read through its vocabulary's staff-kept
category map into each measure's monthly counts for every borough it lists and
London-wide (the sum of the 32 boroughs). Combined month by month with the editions
before it (each month from the latest edition that gives it), every financial year now
complete becomes a result, written through the figures import as drafts, so a release
publishes them and marks what they revise.

One module per step: ``reading`` (the file, checked whole), ``deriving`` (the measures
and years it gives, combined with earlier editions), ``importing`` (storing an edition and
its figures), ``publishing`` (importing and publishing at once, for the commands),
``fetching`` (the latest edition from an address), ``downloads`` (the monthly CSV and the
category map) and ``category_map`` (the staff-kept map as CSV).
"""
