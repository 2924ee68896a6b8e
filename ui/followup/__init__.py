"""Pages for after the meeting: check-ins and progress, and the team's network."""
