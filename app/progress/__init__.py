"""Whether performance moved: the maths of progress on each measure, and the series it reads.

`maths` and `wording` are pure; `series` reads the database. Nothing here imports matplotlib: the
charts that draw these numbers live in `app.charts`.
"""
