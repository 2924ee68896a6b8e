"""The domain validation helpers: numbers typed by people, names, texts and dates."""

from datetime import date

import pytest

from app.validation import (
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    ValidationError,
    check_date_order,
    check_finite,
    check_plausible_date,
    check_range,
    clean_name,
    clean_text,
    parse_number,
)

# --- parse_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" -3 ", -3.0),
        ("1e3", 1000.0),
        ("+4", 4.0),
        ("0", 0.0),
        (",5", 0.5),
        ("2,5E-1", 0.25),
        ("\u22127", -7.0),  # a typographic minus sign, as pasted from a document
        ("\t42\n", 42.0),
    ],
)
def test_parse_number_reads_what_people_type(typed: str, expected: float) -> None:
    value = parse_number(typed, "baseline_value", "Baseline")
    assert value == expected
    assert isinstance(value, float)


@pytest.mark.parametrize("typed", ["12,5,3", "1.000,5", "1,000.5", "abc", "12abc", "1 000", "--3"])
def test_parse_number_refuses_ambiguous_or_non_numbers(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_number(typed, "baseline_value", "Baseline")
    assert caught.value.field == "baseline_value"
    assert "is not a number" in caught.value.message
    assert typed.strip() in caught.value.message


@pytest.mark.parametrize("typed", ["", "   ", "\n"])
def test_parse_number_refuses_empty_text_as_required(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_number(typed, "target_value", "Target")
    assert caught.value.field == "target_value"
    assert caught.value.message == "Target is required."


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_parse_number_refuses_nan_and_infinity_words(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_number(typed, "target_value", "Target")
    assert caught.value.field == "target_value"


def test_parse_number_refuses_an_overflow_to_infinity() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_number("1e999", "target_value", "Target")
    assert caught.value.field == "target_value"
    assert "finite" in caught.value.message


def test_parse_number_quotes_at_most_40_characters_of_bad_input() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_number("x" * 500, "value", "Value")
    assert "x" * 40 in caught.value.message
    assert "x" * 41 not in caught.value.message


def test_validation_error_str_names_field_and_message() -> None:
    error = ValidationError("team_name", "Team name is required.")
    assert str(error) == "team_name: Team name is required."


# --- check_finite / check_range ---------------------------------------------------------------


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_check_finite_refuses_nan_and_infinities(value: float) -> None:
    with pytest.raises(ValidationError, match="finite"):
        check_finite(value, "value", "Value")


@pytest.mark.parametrize("value", [True, "3", None])
def test_check_finite_refuses_non_numbers(value: object) -> None:
    with pytest.raises(ValidationError, match="must be a number"):
        check_finite(value, "value", "Value")  # type: ignore[arg-type]


def test_check_finite_returns_a_float() -> None:
    result = check_finite(3, "value", "Value")
    assert result == 3.0
    assert isinstance(result, float)


def test_check_range_bounds_are_inclusive_and_message_names_value() -> None:
    assert check_range(1, "rating", "Readiness", 1, 5) == 1
    assert check_range(5, "rating", "Readiness", 1, 5) == 5
    with pytest.raises(ValidationError) as caught:
        check_range(6, "rating", "Readiness", 1, 5)
    assert caught.value.message == "Readiness must be between 1 and 5, not 6."
    with pytest.raises(ValidationError, match="whole number"):
        check_range(True, "rating", "Readiness", 1, 5)
    with pytest.raises(ValidationError, match="whole number"):
        check_range(2.0, "rating", "Readiness", 1, 5)  # type: ignore[arg-type]


# --- clean_name / clean_text ------------------------------------------------------------------


def test_clean_name_trims_surrounding_whitespace() -> None:
    assert clean_name("  Claims team \n", "team_name", "Team name") == "Claims team"


def test_clean_name_required_refuses_blank_with_label() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name("   ", "team_name", "Team name")
    assert caught.value.field == "team_name"
    assert caught.value.message == "Team name is required."


def test_clean_name_optional_accepts_blank() -> None:
    assert clean_name("   ", "organisation", "Organisation", required=False) == ""


def test_clean_name_length_limit_counts_after_trimming() -> None:
    exact = "a" * MAX_NAME_CHARS
    assert clean_name(f"  {exact}  ", "team_name", "Team name") == exact
    with pytest.raises(ValidationError) as caught:
        clean_name("a" * (MAX_NAME_CHARS + 1), "team_name", "Team name")
    assert caught.value.field == "team_name"
    assert caught.value.message == (
        f"Team name is {MAX_NAME_CHARS + 1} characters long; the limit is {MAX_NAME_CHARS}."
    )


def test_clean_name_limit_also_applies_when_optional() -> None:
    with pytest.raises(ValidationError):
        clean_name("b" * (MAX_NAME_CHARS + 1), "organisation", "Organisation", required=False)


def test_clean_text_trims_and_is_optional_by_default() -> None:
    assert clean_text("\n\n  Fewer repeat calls.  \n", "business_goal", "Goal") == (
        "Fewer repeat calls."
    )
    assert clean_text("  \n ", "business_goal", "Goal") == ""


def test_clean_text_keeps_inner_line_breaks() -> None:
    assert clean_text("line one\n\nline two", "note", "Note") == "line one\n\nline two"


def test_clean_text_required_refuses_blank() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text(" \t\n", "task", "The task", required=True)
    assert caught.value.field == "task"
    assert caught.value.message == "The task is required."


def test_clean_text_accepts_exactly_the_limit() -> None:
    assert MAX_TEXT_CHARS == 100_000
    text = "x" * 100_000
    assert clean_text(text, "team_context", "Team context") == text


def test_clean_text_refuses_one_over_the_limit_giving_the_length() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text("x" * 100_001, "team_context", "Team context")
    assert caught.value.field == "team_context"
    assert "100,001" in caught.value.message
    assert "100,000" in caught.value.message
    assert caught.value.message == (
        "Team context is 100,001 characters long; the limit is 100,000."
    )


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, date(1900, 1, 1), date(2026, 5, 9), date(2200, 12, 31)])
def test_check_plausible_date_accepts_none_and_1900_to_2200(value: date | None) -> None:
    assert check_plausible_date(value, "meeting_date", "Meeting date") == value


@pytest.mark.parametrize("value", [date(1899, 12, 31), date(2201, 1, 1), date(1, 1, 1)])
def test_check_plausible_date_refuses_typing_slips(value: date) -> None:
    with pytest.raises(ValidationError) as caught:
        check_plausible_date(value, "meeting_date", "Meeting date")
    assert caught.value.field == "meeting_date"
    assert caught.value.message == (
        f"Meeting date {value.isoformat()} is outside the years 1900–2200."
    )


def test_check_date_order_accepts_same_day_later_and_missing_dates() -> None:
    day = date(2026, 3, 1)
    check_date_order(day, day, "end_date", "the start date", "The end date")
    check_date_order(day, date(2026, 3, 2), "end_date", "the start date", "The end date")
    check_date_order(None, day, "end_date", "the start date", "The end date")
    check_date_order(day, None, "end_date", "the start date", "The end date")


def test_check_date_order_refuses_end_before_start_naming_both_dates() -> None:
    with pytest.raises(ValidationError) as caught:
        check_date_order(
            date(2026, 3, 2), date(2026, 3, 1), "end_date", "the start date", "The end date"
        )
    assert caught.value.field == "end_date"
    assert caught.value.message == (
        "The end date (2026-03-01) is before the start date (2026-03-02)."
    )
