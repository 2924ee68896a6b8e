"""The readiness check: twelve statements, scoring with reversals, ratings and support."""

from collections.abc import Sequence

import pytest

from app.library.entry import Effort, LibraryEntry
from app.library.readiness_check import (
    ANSWER_WORDS,
    STATEMENT_BY_ID,
    STATEMENTS,
    as_rating,
    score,
    support_for,
)
from app.services.readiness import RATING_WORDS
from app.validation import ValidationError
from models.enums import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind

PKM = NewSkill.personal_knowledge_management
TEAM = NewSkill.connected_working
LEAD = NewSkill.leading_connected_team
COP = NewSkill.community_management


def answers(value: int = 3, **overrides: int) -> dict[str, int]:
    """Every statement answered `value`, except those overridden (ids with _ for -)."""
    given = {s.id: value for s in STATEMENTS}
    given.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return given


def agreeing(level: int) -> dict[str, int]:
    """Answers that mean `level` of every skill: the reverse statements answered 6 - level."""
    return {s.id: 6 - level if s.reverse else level for s in STATEMENTS}


def test_twelve_statements_three_per_skill_each_with_a_reversal() -> None:
    assert len(STATEMENTS) == 12
    assert len(STATEMENT_BY_ID) == 12  # ids are unique
    for skill in NewSkill:
        mine = [s for s in STATEMENTS if s.skill is skill]
        assert len(mine) == 3
        assert sum(s.reverse for s in mine) == 1
    assert all(s.text.strip() and len(s.text) < 200 for s in STATEMENTS)
    assert list(ANSWER_WORDS) == [1, 2, 3, 4, 5]


def test_pkm_statements_cover_seek_sense_share() -> None:
    assert [s.id for s in STATEMENTS if s.skill is PKM] == ["pkm-seek", "pkm-sense", "pkm-share"]


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_consistent_answers_score_their_level(level: int) -> None:
    assert score(agreeing(level)) == dict.fromkeys(NewSkill, float(level))


def test_reverse_statements_count_six_minus_the_answer() -> None:
    # agreeing strongly with everything: the reversed statement counts 1 in each skill
    assert score(answers(5)) == dict.fromkeys(NewSkill, (5 + 5 + 1) / 3)
    assert score(answers(1)) == dict.fromkeys(NewSkill, (1 + 1 + 5) / 3)
    # the neutral middle is unchanged by reversing
    assert score(answers(3)) == dict.fromkeys(NewSkill, 3.0)


def test_each_answer_only_moves_its_own_skill() -> None:
    base = score(answers(3))
    moved = score(answers(3, pkm_sense=1))  # reversed: strong disagreement is readiness
    assert moved[PKM] == pytest.approx((3 + 5 + 3) / 3)
    assert {k: v for k, v in moved.items() if k is not PKM} == {
        k: v for k, v in base.items() if k is not PKM
    }
    lower = score(answers(3, lead_connect=1))
    assert lower[LEAD] == pytest.approx((3 + 3 + 1) / 3)


def test_scores_come_in_newskill_order() -> None:
    assert list(score(answers())) == list(NewSkill)


@pytest.mark.parametrize("bad", [0, 6, -1, 10])
def test_out_of_range_answers_are_refused_naming_the_statement(bad: int) -> None:
    with pytest.raises(ValidationError) as err:
        score(answers(3, team_ask=bad))
    assert err.value.field == "team-ask"
    assert "team-ask" in err.value.message
    assert STATEMENT_BY_ID["team-ask"].text in err.value.message
    assert f"not {bad}" in err.value.message


@pytest.mark.parametrize("bad", [True, 2.5, "3", None])
def test_answers_must_be_whole_numbers(bad: object) -> None:
    given: dict[str, object] = dict(answers())
    given["cop-tended"] = bad
    with pytest.raises(ValidationError) as err:
        score(given)  # type: ignore[arg-type]
    assert err.value.field == "cop-tended"
    assert "whole number" in err.value.message


def test_a_missing_answer_is_refused_naming_the_statement() -> None:
    given = answers()
    del given["lead-bottleneck"]
    with pytest.raises(ValidationError) as err:
        score(given)
    assert err.value.field == "lead-bottleneck"
    assert "needs an answer from 1 (strongly disagree) to 5 (strongly agree)" in err.value.message


def test_no_answers_at_all_names_the_first_statement() -> None:
    with pytest.raises(ValidationError) as err:
        score({})
    assert err.value.field == STATEMENTS[0].id


def test_an_unknown_statement_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        score({**answers(), "pkm-dream": 4})
    assert err.value.field == "pkm-dream"


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        (1.0, 1),
        (1.49, 1),
        (1.5, 2),
        (7 / 3, 2),
        (2.5, 3),
        (2.4999999999999996, 3),  # a half reached through rounding error still rounds up
        (8 / 3, 3),
        (3.5, 4),
        (4.5, 5),
        (5.0, 5),
        (3, 3),
    ],
)
def test_as_rating_rounds_half_up(value: float, rating: int) -> None:
    assert as_rating(value) == rating
    assert rating in RATING_WORDS


@pytest.mark.parametrize("value", [0.99, 5.01, 0, 6, float("nan"), float("inf"), True])
def test_as_rating_refuses_impossible_scores(value: float) -> None:
    with pytest.raises(ValidationError) as err:
        as_rating(value)
    assert err.value.field == "score"


def test_every_possible_skill_score_maps_to_a_rating() -> None:
    for total in range(3, 16):  # three answers of 1–5
        assert 1 <= as_rating(total / 3) <= 5


# Support for the low-scoring skills.


def entry(
    key: str,
    skills: Sequence[NewSkill],
    effort: Effort = Effort.low,
    lead: int = 7,
    *,
    retired: bool = False,
) -> LibraryEntry:
    return LibraryEntry(
        key=key,
        name=key.replace("-", " ").capitalize(),
        kind=ScaffoldKind.social_learning,
        summary="s",
        setup="s",
        addresses=(GilbertCell.knowledge,),
        does_not_address=(),
        levels=(Level.team,),
        owner_role=OwnerRole.team,
        effort=effort,
        lead_time_days=lead,
        step_back="s",
        signal="s",
        reference="s",
        new_skills=tuple(skills),
        retired=retired,
    )


SUPPORT_LIBRARY = (
    entry("community-launch", [COP], Effort.high, 60),
    entry("community-host-rota", [COP], Effort.medium, 14),
    entry("old-forum", [COP], Effort.low, 1, retired=True),
    entry("working-out-loud", [PKM, TEAM], Effort.low, 7),
    entry("seek-sense-share-week", [PKM], Effort.low, 3),
    entry("learning-plan", [PKM], Effort.medium, 14),
    entry("curation-habit", [PKM], Effort.low, 7),  # same effort and lead as working-out-loud
    entry("team-retro", [TEAM, LEAD], Effort.low, 2),
    entry("no-skills", [], Effort.low, 1),
)


def keys(entries: list[LibraryEntry]) -> list[str]:
    return [e.key for e in entries]


def test_support_for_low_skills_only_low_effort_first_at_most_three() -> None:
    scores = {PKM: 1.0, TEAM: 3.0, LEAD: 4.0, COP: 7 / 3}
    support = support_for(scores, SUPPORT_LIBRARY)
    assert list(support) == [PKM, COP]
    # low effort first, then shorter lead time, then name; the medium-effort plan is fourth
    assert keys(support[PKM]) == ["seek-sense-share-week", "curation-habit", "working-out-loud"]
    # the retired forum is never suggested
    assert keys(support[COP]) == ["community-host-rota", "community-launch"]


def test_threshold_is_strict_and_adjustable() -> None:
    at = {TEAM: 2.5}
    assert support_for(at, SUPPORT_LIBRARY) == {}
    assert keys(support_for(at, SUPPORT_LIBRARY, threshold=3.0)[TEAM]) == [
        "team-retro",
        "working-out-loud",
    ]


def test_a_low_skill_with_nothing_in_the_library_gets_an_empty_list() -> None:
    assert support_for({LEAD: 1.0}, [e for e in SUPPORT_LIBRARY if e.key != "team-retro"]) == {
        LEAD: []
    }


def test_skills_not_scored_get_no_suggestions() -> None:
    assert support_for({}, SUPPORT_LIBRARY) == {}


def test_from_answers_to_ratings_and_support() -> None:
    given = answers(4, pkm_seek=1, pkm_sense=5, pkm_share=2)  # pkm: (1 + 1 + 2) / 3
    scores = score(given)
    assert scores[PKM] == pytest.approx(4 / 3)
    assert {skill: as_rating(v) for skill, v in scores.items()} == {
        PKM: 1,
        TEAM: 3,  # (4 + 4 + 2) / 3 = 3.33
        LEAD: 3,
        COP: 3,
    }
    assert list(support_for(scores, SUPPORT_LIBRARY)) == [PKM]
