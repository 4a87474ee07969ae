"""Ward pages: a borough's wards on one table, and each ward's figures."""
