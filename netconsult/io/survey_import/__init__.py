"""Survey exports in: KoboToolbox, ODK Central, Google Forms and plain Excel/CSV tables.

`tables` reads a file into a header and rows, safely (sizes and zip checks before parsing);
`flavours` tells which tool wrote it; `mapping` ties its columns to the instrument's
questions and its cells to stored answers; `importer` runs the three and returns the
responses with every problem found, placed at file, row and column.
"""
