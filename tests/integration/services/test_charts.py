"""The home page's opinions chart against a real database: per month of the last twelve, the
opinions answered on time, late and not yet — the same count as the register's figures — and
the register filtered to a bar's month and reply lists exactly the opinions it counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.opinions import (
    OpinionDraft,
    OpinionQuery,
    ReplyEntry,
    ReplyMethod,
    ReplyTiming,
)
from station_desk.domain.roles import Permission
from station_desk.modules import pages
from station_desk.services import charts
from station_desk.services.charts import month_end, month_start
from station_desk.services.container import Services


def register(services: Services, actor: Principal, received_on: date, content: str,
             replied_on: date | None = None) -> str:
    opinion = services.opinions.register(actor, OpinionDraft(received_on, content=content, name="王芳"))
    if replied_on is not None:
        services.opinions.reply(actor, opinion.id, ReplyEntry(replied_on, ReplyMethod.PHONE, "已答复"))
    return opinion.id


def test_opinions_answered_on_time_per_month_equal_the_records(
    services: Services, officer: Principal, aux: Principal
) -> None:
    today = date.today()
    before = month_start(today, 2) + timedelta(days=3)  # two months back: past every deadline
    on_time = register(services, officer, before, "路灯不亮", replied_on=before)
    late = register(services, officer, before, "楼道堆物", replied_on=before + timedelta(days=40))
    unanswered = register(services, officer, before, "噪音扰民")
    gone = register(services, officer, before, "登记错了", replied_on=before)
    services.opinions.delete(officer, gone)
    register(services, officer, month_start(today, 13), "一年多以前的意见")  # before the chart
    recent = register(services, officer, today, "加强巡逻")

    chart = services.charts.opinions_by_month(officer)
    assert chart is not None and len(chart.months) == 12 and chart.months[-1] == month_start(today)
    index = chart.months.index(month_start(before))
    assert {timing: counts[index] for timing, counts in chart.counts.items()} == {
        ReplyTiming.ON_TIME: 1, ReplyTiming.LATE: 1, ReplyTiming.OPEN: 1
    }
    assert chart.counts[ReplyTiming.OPEN][-1] == 1
    assert sum(sum(counts) for counts in chart.counts.values()) == 4
    # the same count as the register's figures, month by month
    for i, month in enumerate(chart.months):
        figures = services.opinions.figures(officer, month, month_end(month))
        assert figures.received == sum(counts[i] for counts in chart.counts.values())
        assert figures.answered_on_time == chart.counts[ReplyTiming.ON_TIME][i]
        assert figures.answered - figures.answered_on_time == chart.counts[ReplyTiming.LATE][i]

    def bar(month: date, timing: ReplyTiming) -> list[str]:
        query = OpinionQuery(date_from=month, date_to=month_end(month), timing=timing)
        return [row.id for row in services.opinions.list_opinions(officer, query)]

    month = month_start(before)
    assert bar(month, ReplyTiming.ON_TIME) == [on_time]
    assert bar(month, ReplyTiming.LATE) == [late]
    assert bar(month, ReplyTiming.OPEN) == [unanswered]
    assert bar(month_start(today), ReplyTiming.OPEN) == [recent]
    for i, m in enumerate(chart.months):
        for timing, counts in chart.counts.items():
            assert len(bar(m, timing)) == counts[i]
    # every role may open the register, and so sees the chart
    assert services.charts.opinions_by_month(aux) == chart


def test_no_opinions_chart_for_who_may_not_open_the_register(
    services: Services, officer: Principal, aux: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart follows the opinion register page's permission (today every role may open
    it; were it restricted, the others would get no chart and no figures)."""
    restricted = [
        replace(page, permission=Permission.SEALED_RECORDS) if page.key == "opinions" else page
        for page in pages()
    ]
    monkeypatch.setattr(charts, "pages", lambda: restricted)
    assert services.charts.opinions_by_month(aux) is None
    assert services.charts.opinions_by_month(officer) is not None
