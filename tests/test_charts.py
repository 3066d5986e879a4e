"""Charts an instructor reads on the section overview and in item analysis:
drawn as SVG on the server, with the same numbers in a table for anyone who
cannot see the picture."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template

from classes.analysis import OptionCount
from classes.charts import DASH, histogram, option_bars


def rendered(chart):
    html = Template("{% load charts %}{% bar_chart chart %}").render(Context({"chart": chart}))
    return BeautifulSoup(html, "html.parser")


def text(tag):
    """A tag's text, with the typeset range dash read as a hyphen."""
    return tag.get_text().replace(DASH, "-")


def counts(chart):
    return [(bar.label.replace(DASH, "-"), bar.count) for bar in chart.bars]


def test_scores_fall_into_ten_bins_and_a_perfect_score_into_the_last():
    chart = histogram(values=[0, 9.99, 10, 55, 79.9, 100, 100], label="Quiz 1")

    assert counts(chart) == [
        ("0-9", 2),
        ("10-19", 1),
        ("20-29", 0),
        ("30-39", 0),
        ("40-49", 0),
        ("50-59", 1),
        ("60-69", 0),
        ("70-79", 1),
        ("80-89", 0),
        ("90-100", 2),
    ]
    assert chart.total == 7
    assert [round(bar.share, 3) for bar in chart.bars][-1] == 0.286


def test_students_without_a_score_are_counted_apart_from_the_bars():
    chart = histogram(values=[50, None, None], label="Quiz 1", missing_label="Not taken")

    assert sum(bar.count for bar in chart.bars) == 1
    assert (chart.missing, chart.missing_label) == (2, "Not taken")
    page = rendered(chart)
    assert "Not taken: 2" in page.find("p", class_="chart__note").get_text()
    assert [cell.get_text() for cell in page.find("tfoot").find_all(["th", "td"])][:2] == [
        "Not taken",
        "2",
    ]


def test_other_ranges_and_bin_counts_label_their_own_edges():
    chart = histogram(values=[0, 1, 2.5, 5], bins=5, lo=0, hi=5, label="Weeks", unit="")

    assert counts(chart) == [("0", 1), ("1", 1), ("2", 1), ("3", 0), ("4-5", 1)]
    assert chart.category_header == "Range"


def test_values_outside_the_range_count_in_the_nearest_end_bin():
    chart = histogram(values=[-5, 120], label="Quiz 1")

    assert (chart.bars[0].count, chart.bars[-1].count) == (1, 1)


def test_an_empty_class_draws_empty_bars_without_failing():
    chart = histogram(values=[], label="Progress")

    assert [bar.count for bar in chart.bars] == [0] * 10
    assert all(bar.height == 0 and bar.share == 0 for bar in chart.bars)
    page = rendered(chart)
    assert len(page.find_all("rect")) == 10
    assert page.find("tfoot") is None


def test_impossible_bins_are_refused():
    with pytest.raises(ValueError):
        histogram(values=[1], bins=0, label="Quiz")
    with pytest.raises(ValueError):
        histogram(values=[1], lo=100, hi=0, label="Quiz")


def test_taller_bars_are_drawn_taller_and_inside_the_picture():
    chart = histogram(values=[95, 95, 95, 15], label="Quiz 1")

    low, high = chart.bars[1], chart.bars[9]
    assert high.height == 3 * low.height > 0
    assert all(bar.y >= 0 and bar.y + bar.height <= chart.height for bar in chart.bars)
    assert all(bar.x >= 0 and bar.x + bar.width <= chart.width for bar in chart.bars)
    assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3", "4"]


def test_the_rendered_chart_is_an_svg_picture_with_a_title_and_its_numbers_as_a_table():
    chart = histogram(values=[95, 95, 15], label="Scores on Quiz 1")

    page = rendered(chart)

    svg = page.find("svg")
    title, desc = svg.find("title"), svg.find("desc")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"].split() == [title["id"], desc["id"]]
    assert title.get_text() == "Scores on Quiz 1"
    assert "90-100: 2" in text(desc)
    assert svg["viewbox"] == f"0 0 {chart.width:g} {chart.height:g}"
    assert svg["width"] == "100%"
    assert len(svg.find_all("rect")) == 10
    table = page.find("details").find("table")
    assert page.find("details").find("summary").get_text() == "Show as table"
    assert table.find("caption").get_text() == "Scores on Quiz 1"
    assert all(th["scope"] == "col" for th in table.find("thead").find_all("th"))
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
    assert rows[1] == ["10-19", "1", "33%"]
    assert rows[9] == ["90-100", "2", "67%"]
    assert all(row.find("th")["scope"] == "row" for row in table.tbody("tr"))


def test_a_chart_needs_no_script_and_follows_the_text_colour():
    page = rendered(histogram(values=[50], label="Quiz 1"))

    assert page.find("script") is None
    assert not [name for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
    bars = page.find("g", class_="chart__bars")
    assert bars["fill"] == "currentColor"
    assert not [rect for rect in bars("rect") if "fill" in rect.attrs]


def answer_options():
    return [
        OptionCount(label="A stranger", count=2, share=2 / 6, correct=False),
        OptionCount(label="A friend", count=3, share=3 / 6, correct=True),
        OptionCount(label="Nobody <at all>", count=1, share=1 / 6, correct=False),
    ]


def test_answer_bars_mark_the_correct_answer_with_a_tick_not_only_colour():
    chart = option_bars(options=answer_options(), label="Who do you ask first?")

    page = rendered(chart)

    assert "Nobody &lt;at all&gt;" in str(page)
    labels = [text.get_text() for text in page.find("g", class_="chart__labels")("text")]
    assert "✓ A friend" in labels
    assert "3 (50%)" in labels
    highlighted = page.find_all("rect", class_="chart__bar--highlight")
    assert len(highlighted) == 1
    rows = [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in page.tbody("tr")]
    assert rows == [
        ["A stranger", "2", "33%", ""],
        ["A friend", "3", "50%", "✓ Correct answer"],
        ["Nobody <at all>", "1", "17%", ""],
    ]
    assert "A friend (correct answer): 3" in page.find("desc").get_text()


def test_answer_bars_are_as_long_as_the_share_of_the_class_that_gave_them():
    chart = option_bars(options=answer_options(), label="Who do you ask first?")

    stranger, friend, nobody = chart.bars
    assert friend.width == pytest.approx(1.5 * stranger.width, abs=0.01)
    assert nobody.width == pytest.approx(0.5 * stranger.width, abs=0.01)
    assert [tick.label for tick in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_a_long_answer_is_shortened_in_the_picture_but_whole_in_the_table():
    long_answer = "Someone who once worked with the hiring manager at a previous company " * 2
    chart = option_bars(
        options=[OptionCount(label=long_answer, count=1, share=1.0, correct=False)],
        label="Who?",
    )

    page = rendered(chart)

    drawn = page.find("g", class_="chart__labels").find("text").get_text()
    assert drawn.endswith("…") and len(drawn) <= 60
    assert page.tbody.find("th").get_text() == long_answer


def test_two_charts_on_one_page_do_not_share_ids():
    first, second = (histogram(values=[1], label="Quiz") for _ in range(2))

    assert first.id != second.id
