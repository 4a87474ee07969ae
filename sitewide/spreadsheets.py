"""Downloads that open safely in a spreadsheet."""

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulae(dataset: tablib.Dataset) -> tablib.Dataset:
    """Prefix text cells a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers (-2.5 is a number, not text); only text is changed.
    """
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append(
            [
                f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                for cell in row
            ]
        )
    return safe
