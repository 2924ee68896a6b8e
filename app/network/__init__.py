"""The value network: who goes to whom, what networkx says about it, and what that means.

`analysis` measures people and the team; `findings` (with `roles` and `gaps`) reads an analysis in
plain words; `survey_csv` imports a "who do you go to…?" survey; `grid` serves the keyboard matrix.
The diagram is drawn by `app.charts.network`. networkx and matplotlib are imported lazily, inside
the functions that need them, so importing this package stays cheap.
"""
