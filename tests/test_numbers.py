from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekon.extract.numbers import CONVENTION_NAMES, CellKind, Convention, evidence, group_as_decimals, parse_cell, vote

EN, ID = Convention.COMMA_THOUSANDS, Convention.DOT_THOUSANDS


@pytest.mark.parametrize(
    "text, convention, expected",
    [
        ("9,756,893,547", EN, Decimal("9756893547")),
        ("9.756.893.547", ID, Decimal("9756893547")),
        ("25.00", EN, Decimal("25.00")),
        ("25,00", ID, Decimal("25.00")),
        ("115.810219", EN, Decimal("115.810219")),
        ("2,070", EN, Decimal("2070")),  # two thousand and seventy in this OPD's convention
        ("2.070", ID, Decimal("2070")),
        ("0", EN, Decimal("0")),
        ("12%", EN, Decimal("12")),
        ("(1,000)", EN, Decimal("-1000")),
        ("-1.000", ID, Decimal("-1000")),
        ("9,756, 893,547", EN, Decimal("9756893547")),  # text extraction spaced the glyphs: still one number
        ("2)", EN, Decimal("2")),  # a parenthesis on one side (a footnote mark) is no negative sign
    ],
)
def test_parses_numbers_in_both_conventions(text, convention, expected):
    parsed = parse_cell(text, convention)
    assert parsed.kind is CellKind.NUMBER
    assert parsed.value == expected


@pytest.mark.parametrize("text", ["", "-", " - ", "–", "—"])  # hyphen, en dash, em dash: word processors swap them
def test_dash_and_blank_are_empty_not_zero(text):
    parsed = parse_cell(text, EN)
    assert parsed.kind is CellKind.EMPTY and parsed.plain == "" and parsed.other_convention is None


@pytest.mark.parametrize("text", ["#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#####", "#div/0!"])
def test_spreadsheet_errors_are_kept_as_errors(text):
    parsed = parse_cell(text, EN)
    assert parsed.kind is CellKind.SPREADSHEET_ERROR and parsed.raw == text and parsed.plain == ""
    assert parsed.other_convention is None  # no number, so no convention to report


def test_the_example_a_message_shows_for_a_convention_is_read_in_that_convention():
    # problems.csv names the convention a number was printed in by this example.
    for convention, example in CONVENTION_NAMES.items():
        assert evidence(example) is convention
        assert parse_cell(example, convention).value == Decimal("1234567.89")
    assert set(CONVENTION_NAMES) == set(Convention)


@pytest.mark.parametrize("text", ["18.19 DAK", "25,00", "1,2,3", "abc"])
def test_unreadable_cells_keep_their_text(text):
    parsed = parse_cell(text, EN)
    assert parsed.kind is CellKind.UNREADABLE and parsed.raw == text and parsed.value is None
    assert parsed.plain == "" and parsed.other_convention is None


def test_plain_output_drops_printed_precision_but_not_value():
    assert parse_cell("9,756,893,547", EN).plain == "9756893547"
    assert parse_cell("25.00", EN).plain == "25.0"
    assert parse_cell("115.810219", EN).plain == "115.810219"


@pytest.mark.parametrize(
    "text, proves",
    [("9,756,893,547", EN), ("25.00", EN), ("9.756.893.547", ID), ("25,00", ID), ("2,070", None), ("115.810", None), ("60", None),
     ("1,234.5", EN), ("1.234,5", ID),  # one group of each kind, in either order
     ("25,50 %", ID), ("(1.234.567)", ID), ("-25.00", EN), ("+1,234,567", EN),  # sign, parentheses, percent, spaces
     ("1 234 567,50", ID)],
)
def test_only_unambiguous_cells_prove_a_convention(text, proves):
    assert evidence(text) is proves


def test_vote_decides_per_column_and_ignores_ambiguous_cells():
    assert vote(["2,070", "1,234,567", "60"]) is EN
    assert vote(["2.070", "25,50"]) is ID
    assert vote(["2,070", "60"]) is None
    # A column with cells of both conventions goes with the majority; a tie proves nothing.
    assert vote(["1,234,567", "2,345,678", "1.234.567"]) is EN
    assert vote(["1.234.567", "2.345.678", "25,50", "1,234,567"]) is ID
    assert vote(["1,234,567", "1.234.567"]) is None


def _format(value: Decimal, convention: Convention, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    if convention is ID:
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


@given(
    st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([EN, ID]),
    st.sampled_from([0, 2]),
)
def test_format_then_parse_round_trips_in_both_conventions(value, convention, decimals):
    value = round(value, decimals)
    text = _format(value, convention, decimals)
    parsed = parse_cell(text, convention)
    assert parsed.kind is CellKind.NUMBER
    assert parsed.value == value


def test_a_number_with_two_groups_of_the_other_convention_is_read_and_marked():
    from rekon.extract.numbers import Convention, parse_cell

    parsed = parse_cell("865,864,750", Convention.DOT_THOUSANDS)
    assert parsed.value == 865864750 and parsed.other_convention is Convention.COMMA_THOUSANDS
    parsed = parse_cell("1.234.567,5", Convention.COMMA_THOUSANDS)
    assert str(parsed.value) == "1234567.5" and parsed.other_convention is Convention.DOT_THOUSANDS
    # One group proves nothing: read in the column's convention, unmarked.
    parsed = parse_cell("2,070", Convention.DOT_THOUSANDS)
    assert str(parsed.value) == "2.070" and parsed.other_convention is None
    assert parse_cell("1.234.567", Convention.DOT_THOUSANDS).other_convention is None


def test_the_convention_most_cells_prove_wins_and_a_tie_proves_none():
    assert vote(["1.234.567", "2,5", "12.345,6"]) is Convention.DOT_THOUSANDS
    assert vote(["1.234.567", "2,5", "1,234,567"]) is Convention.DOT_THOUSANDS  # two against one
    assert vote(["1.234.567", "1,234,567"]) is None  # one each: proves nothing
    assert vote(["1,234,567", "Rp", ""]) is Convention.COMMA_THOUSANDS
    assert vote(["100", "Rp"]) is None


@pytest.mark.parametrize("convention, doubtful, sure", [
    (Convention.COMMA_THOUSANDS, ["30,120.000", "1,250,120.000", "30, 120.000", "(30,120.000)"], ["30.120,000", "1,250,000", "30,120.00", "30,120.0000", "120.000"]),
    (Convention.DOT_THOUSANDS, ["30.120,000", "1.250.120,000", "30. 120,000"], ["30,120.000", "1.250.000", "30.120,00", "120,000"]),
])
def test_a_thousands_group_printed_as_three_decimals_is_told_in_each_convention(convention, doubtful, sure):
    assert [t for t in doubtful if not group_as_decimals(t, convention)] == []
    assert [t for t in sure if group_as_decimals(t, convention)] == []


# Numbers as printed (`1,234`, `25.00`, `(1.5)`, `12%`) and any other cell text.
_printed = st.builds(lambda whole, mark, part, wrap: wrap.format(f"{whole}{mark}{part}"), st.integers(0, 9999), st.sampled_from([",", ".", ""]),
                     st.sampled_from(["", "0", "5", "00", "000", "250", "0000"]), st.sampled_from(["{}", "({})", "-{}", "{}%"]))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(_printed, st.text(alphabet="0123456789.,-()% x", max_size=14)), max_size=6))
def test_a_number_read_again_reads_as_the_first_time(texts):
    # parse_cell keeps what it read; the same text in the other convention is read anew.
    def read(cell):
        return cell.kind, str(cell.value), cell.raw, cell.other_convention, cell.plain

    for text in texts + texts[::-1]:
        for convention in (EN, ID, EN):
            assert read(parse_cell(text, convention)) == read(parse_cell.__wrapped__(text, convention))
