"""Importing a "who do you go to for …?" survey: good files, messy ones, encodings, refusals."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.network.survey_csv import (
    MAX_SURVEY_PEOPLE,
    RowProblem,
    SurveyImportReport,
    import_survey_csv,
    import_survey_file,
    read_survey_csv,
)
from app.network.survey_text import MAX_SURVEY_BYTES
from app.services import people as pp
from app.services.engagements import EngagementDetails, create_engagement
from app.validation import ValidationError
from models.db import open_database, transaction
from models.enums import TieType


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name="T", manager_name="M"))
        assert e.id is not None
        return e.id


def run(engine: Engine, engagement_id: int, data: bytes, **kw: TieType) -> SurveyImportReport:
    with transaction(engine) as s:
        return import_survey_csv(session=s, engagement_id=engagement_id, data=data, **kw)


def stored(engine: Engine, engagement_id: int) -> tuple[list[str], set[tuple[str, str, str]]]:
    with transaction(engine) as s:
        members = pp.list_members(session=s, engagement_id=engagement_id)
        names = {m.id: m.name for m in members}
        ties = {
            (names[t.from_member_id], names[t.to_member_id], t.tie_type.value)
            for t in pp.list_ties(session=s, engagement_id=engagement_id)
        }
    return [m.name for m in members], ties


def refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        read_survey_csv(data)
    assert caught.value.field == "file"
    return caught.value.message


# --- good files -----------------------------------------------------------------------------


def test_long_form_file_imported(engine: Engine, engagement_id: int) -> None:
    data = b"Name,Goes to,For\nAna,Ben,help\nBen,Ana,Advice\nCy,Ana,new ideas\nCy,Ben,\n"
    report = run(engine, engagement_id, data)
    assert (report.ties_added, report.members_added, report.duplicates_skipped) == (
        4,
        ("Ana", "Ben", "Cy"),
        0,
    )
    assert report.problems == ()
    assert (report.layout.respondent_column, report.layout.answer_columns) == ("Name", ("Goes to",))
    assert (report.layout.type_column, report.layout.separator) == ("For", "comma")
    assert stored(engine, engagement_id) == (
        ["Ana", "Ben", "Cy"],
        {
            ("Ana", "Ben", "help"),
            ("Ben", "Ana", "advice"),
            ("Cy", "Ana", "new_ideas"),
            ("Cy", "Ben", "help"),  # blank type: the default
        },
    )


def test_wide_form_from_a_form_tool(engine: Engine, engagement_id: int) -> None:
    data = (
        b"Timestamp,Your name,Who do you go to for help?,Who do you go to for new ideas?\r\n"
        b'2026-03-01 09:00,Ana,"Ben, Cy",Dee\r\n'
        b"2026-03-01 09:05,Ben,Ana;Cy,\r\n"
        b"2026-03-01 09:07,Eve,,\r\n"
    )
    report = run(engine, engagement_id, data)
    assert report.layout.ignored_columns == ("Timestamp",)
    assert report.layout.answer_columns == (
        "Who do you go to for help?",
        "Who do you go to for new ideas?",
    )
    assert report.problems == ()
    names, ties = stored(engine, engagement_id)
    assert names == ["Ana", "Ben", "Cy", "Dee", "Eve"]  # Eve named no one but is in the team
    assert ties == {
        ("Ana", "Ben", "help"),
        ("Ana", "Cy", "help"),
        ("Ana", "Dee", "new_ideas"),
        ("Ben", "Ana", "help"),
        ("Ben", "Cy", "help"),
    }


@pytest.mark.parametrize(
    ("header", "respondent", "answer", "type_column"),
    [
        ("respondent,asks,type", "respondent", "asks", "type"),
        ("Who,Person,What for", "Who", "Person", "What for"),
        ("From,To", "From", "To", None),
        ("Team member;Goes to", "Team member", "Goes to", None),
    ],
)
def test_common_headings_recognised(
    header: str, respondent: str, answer: str, type_column: str | None
) -> None:
    sep = ";" if ";" in header else ","
    reading = read_survey_csv(f"{header}\nAna{sep}Ben\n".encode())
    layout = reading.layout
    assert (layout.respondent_column, layout.answer_columns, layout.type_column) == (
        respondent,
        (answer,),
        type_column,
    )
    assert [(a.respondent, a.goes_to) for a in reading.answers] == [("Ana", "Ben")]


def test_default_tie_type_applies_when_nothing_names_one() -> None:
    reading = read_survey_csv(b"Name,Goes to\nAna,Ben\n", default_tie_type=TieType.information)
    assert [a.tie_type for a in reading.answers] == [TieType.information]


def test_names_matched_to_the_team_whatever_the_case(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        pp.add_member(session=s, engagement_id=engagement_id, name="Ana")
    report = run(engine, engagement_id, b"Name,Goes to\n  ana  , BEN \nben,ANA\n")
    assert report.members_added == ("BEN",)  # first spelling wins; Ana already there
    assert stored(engine, engagement_id) == (
        ["Ana", "BEN"],
        {("Ana", "BEN", "help"), ("BEN", "Ana", "help")},
    )


def test_duplicates_skipped_in_the_file_and_in_the_database(
    engine: Engine, engagement_id: int
) -> None:
    run(engine, engagement_id, b"Name,Goes to\nAna,Ben\n")
    report = run(
        engine, engagement_id, b"Name,Goes to,For\nAna,Ben,help\nAna,Ben,\nAna,Ben,advice\n"
    )
    assert (report.ties_added, report.duplicates_skipped, report.members_added) == (1, 2, ())


# --- messy files ----------------------------------------------------------------------------


MESSY = (
    b"Respondent;Asks;Type\n"  # 1
    b";Ben;help\n"  # 2 no respondent
    b"Ana;Ana;help\n"  # 3 self-tie
    b"Ana;Ben;gossip\n"  # 4 unknown tie type
    b"Ana;Ben;help;extra\n"  # 5 too many columns
    b"\n"  # 6 blank: not an error
    b'Cy;"Be\nn";help\n'  # 7-8 a name over two lines
    b"Dee;" + b"x" * 201 + b";help\n"  # 9 name too long
    b"Eve;Ana;advice\n"  # 10 fine
    b"Ana;Eve;;\n"  # 11 an empty extra value is fine
)


def test_messy_file_reports_each_bad_row_with_its_line(engine: Engine, engagement_id: int) -> None:
    report = run(engine, engagement_id, MESSY)
    assert [(p.line, p.reason) for p in report.problems] == [
        (2, "the “Respondent” column is empty"),
        (3, "Ana names themselves under “Asks”"),
        (4, "“gossip” is not a tie type; use help, advice, information or new ideas"),
        (
            5,
            "the row has 4 values but the header names 3 columns; a name may hold an unquoted "
            "semicolon",
        ),
        (7, "a name runs over several lines; a quote mark may be missing"),
        (9, "a name is 201 characters long; the limit is 200"),
    ]
    assert report.problems[1] == RowProblem(3, "Ana names themselves under “Asks”", "Ana;Ana;help")
    assert report.problems[5].text.endswith("…") and len(report.problems[5].text) == 80
    # Readable respondents join the team even when their answer could not be read.
    assert report.members_added == ("Ana", "Cy", "Dee", "Eve")
    assert stored(engine, engagement_id)[1] == {("Eve", "Ana", "advice"), ("Ana", "Eve", "help")}


def test_utf8_bom_semicolons_and_windows_line_endings() -> None:
    reading = read_survey_csv("\ufeffName;Goes to\r\nJosé;Zoë\r\nZoë;José\r\n".encode())
    assert (reading.layout.encoding, reading.layout.separator) == ("UTF-8", "semicolon")
    assert reading.layout.respondent_column == "Name"  # no BOM left on the first heading
    assert [(a.line, a.respondent, a.goes_to) for a in reading.answers] == [
        (2, "José", "Zoë"),
        (3, "Zoë", "José"),
    ]


def test_windows_1252_and_utf16_files() -> None:
    old_excel = read_survey_csv("Name,Goes to\nJosé,Zoë\n".encode("cp1252"))
    assert old_excel.layout.encoding == "Windows-1252"
    assert [(a.respondent, a.goes_to) for a in old_excel.answers] == [("José", "Zoë")]
    unicode_text = read_survey_csv("Name\tGoes to\r\nAna\tBen\r\n".encode("utf-16"))
    assert (unicode_text.layout.encoding, unicode_text.layout.separator) == ("UTF-16", "tab")
    assert [(a.respondent, a.goes_to) for a in unicode_text.answers] == [("Ana", "Ben")]


def test_a_quoted_heading_with_a_comma_does_not_fool_the_separator() -> None:
    reading = read_survey_csv(b'Name;"Who, for help, do you go to?"\nAna;Ben\n')
    assert reading.layout.separator == "semicolon"


# --- refusals -------------------------------------------------------------------------------


def test_huge_file_refused_before_reading(
    engine: Engine, engagement_id: int, tmp_path: Path
) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.write(b"Name,Goes to\n")
        f.truncate(MAX_SURVEY_BYTES + 1)
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        import_survey_file(session=s, engagement_id=engagement_id, path=big)
    assert caught.value.message == (
        "The file is larger than 5 MB (5,242,881 bytes); a team's survey takes a few "
        "kilobytes. Is this the right file?"
    )
    assert "larger than 5 MB" in refusal(b"Name,Goes to\n" + b"a,b\n" * (MAX_SURVEY_BYTES // 4))


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04rest", "This is a spreadsheet workbook or another zipped file, not a CSV"),
        (b"\xd0\xcf\x11\xe0rest", "This is an old-style Excel workbook, not a CSV file."),
        (b"%PDF-1.7", "This is a PDF document, not a CSV file."),
        (b"Name,Goes to\nA\x00B,C\n", "This is not a text file."),
        (b"\n \n\n", "The file holds only blank lines."),
        (b"Name\nAna\n", "The first line has only one column"),
        (b"Email,Goes to\nx,y\n", "No column says who answered. The header row has “Email”"),
        (b"Name,Team\nx,y\n", "No column says whom people go to. The header row has “Name”, "),
    ],
)
def test_files_that_are_not_survey_csv_refused(data: bytes, start: str) -> None:
    assert refusal(data).startswith(start)


def test_file_that_cannot_be_read(tmp_path: Path, engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        import_survey_file(session=s, engagement_id=engagement_id, path=tmp_path / "gone.csv")
    assert caught.value.message.startswith("gone.csv could not be read")


def test_too_many_people_refused_and_nothing_written(engine: Engine, engagement_id: int) -> None:
    rows = "".join(f"P{i},P{i + 1}\n" for i in range(MAX_SURVEY_PEOPLE))
    with pytest.raises(ValidationError, match="team of 301 people"):
        run(engine, engagement_id, f"Name,Goes to\n{rows}".encode())
    assert stored(engine, engagement_id) == ([], set())


def test_all_writes_share_the_callers_transaction(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as s:
        report = import_survey_csv(
            session=s, engagement_id=engagement_id, data=b"Name,Goes to\nAna,Ben\n"
        )
        assert report.ties_added == 1
        raise RuntimeError("the caller changes its mind")
    assert stored(engine, engagement_id) == ([], set())
