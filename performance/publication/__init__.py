"""Publication: a release computes and freezes every public outcome it changes.

Staff work on drafts (figures, summary words, engagement groups and contacts, the
measure catalogue). Nothing of that is public until a release, which:

1. takes what is published now and puts the drafts in its scope (a year or every
   year; one area or every area) in their place: the *proposed* figures;
2. works out every public outcome (area, year, measure) whose inputs changed, knock-on
   outcomes included: next year's change, a total's parts, London's sum of the
   boroughs, a measure's definition;
3. stores, as rows of the release, the figures and outcomes that differ from what was
   published before (new, revised with their cause, withdrawn), and the words and
   contacts that changed.

The public reads the latest rows released by now (performance.public), so a later
change reaches no one until the next release, and every revision is a visible diff.
``plan_release`` works all this out without writing, for staff to review first.

One module per step: ``scope`` (what a release covers, and why it may be refused),
``figure_states`` (published and proposed figures), ``outcome_changes`` (the outcomes
they change, and why), ``content`` (words, groups and contacts), ``planning`` (the plan
staff review), ``writing`` (publishing it), ``preview`` (drafts as a page would show
them) and ``admin`` (the admin's review and publish).
"""
