"""Importing the police's published recorded crime (docs/figures.md, "Recorded crime").

A file in the police's layout — ``Borough, Major Category, Minor Category`` then one
``YYYYMM`` column per month — is read whole, checked whole, and refused whole with every
problem named by line and column. A file that passes is stored as published (each
monthly count, in a ``CrimeEdition``), and the catalogue's figures are derived from it
with the staff-kept category map: each measure's monthly counts for every borough and
London-wide (the sum of the 32 boroughs), and a result for every financial year the
file gives all twelve months of. Those results are written through the figures import,
as drafts, so a release publishes them and marks what they revise.

One module per step: ``reading`` (the file, checked whole), ``deriving`` (the measures
and years it gives), ``importing`` (storing an edition and its figures), ``downloads``
(the monthly CSV) and ``category_map`` (the staff-kept map as CSV).
"""
