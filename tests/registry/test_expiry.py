"""Expiring time limits: the office's list, `flask registry expiring` and reminders."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.formatting import today_berlin
from app.models import Decision, OutboxMessage
from app.registry.operations import queue_expiry_reminders, reminder_period
from app.registry.queries import expiring_bodies
from tests.registry.conftest import add_body, add_proposal_body

TODAY = date(2026, 5, 4)


def _keys(days: int = 90, today: date = TODAY) -> list[str]:
    return [item.body.key for item in expiring_bodies(days, today)]


def test_boundaries_of_the_expiry_list(db, seeded):
    add_body("in-90", end_date=TODAY + timedelta(days=90))
    add_body("out-91", end_date=TODAY + timedelta(days=91))
    add_body("today", end_date=TODAY)
    add_body("past", end_date=TODAY - timedelta(days=3))
    add_body("open-ended", end_date=TODAY + timedelta(days=10), open_ended=True)
    add_body("no-date")
    dissolved = add_body("dissolved", end_date=TODAY - timedelta(days=1))
    db.session.add(
        Decision(
            number="2026/05",
            year=2026,
            sequence=5,
            decided_on=TODAY,
            session="43",
            title="Auflösung",
            text="",
            kind="dissolve",
            body_id=dissolved.id,
        )
    )
    db.session.flush()
    keys = _keys()
    assert keys[:3] == ["kooperationsgruppe-strategie", "past", "today"]
    assert keys[3:] == ["in-90"]
    item = expiring_bodies(90, TODAY)[1]
    assert item.days_left == -3


def test_reminder_periods():
    assert [reminder_period(d) for d in (120, 91, 90, 31, 30, 8, 7, 1, 0, -5)] == [
        None,
        None,
        90,
        90,
        30,
        30,
        7,
        7,
        0,
        0,
    ]


def test_office_page_lists_and_links(office_web, seeded, user_factory, app):
    today = today_berlin()
    add_body("bald-zu-ende", name="Bald zu Ende", end_date=today + timedelta(days=20))
    add_body("noch-lange", name="Noch lange", end_date=today + timedelta(days=200))
    made = add_proposal_body(user_factory("applicant"), end_date=today + timedelta(days=5))
    db.session.commit()
    text = office_web.client.get("/gremien/befristungen").get_data(as_text=True)
    assert "Bald zu Ende" in text and "Noch lange" not in text and made.name in text
    assert 'href="/gremien/bald-zu-ende/bearbeiten"' in text
    if "workflow.show_proposal" in app.view_functions:
        assert "Auflösung einleiten" in text
    if "proposals.new_proposal" in app.view_functions:
        assert "Verlängerung beantragen" in text
    order = [text.index(name) for name in ("Kooperationsgruppe Strategie", made.name, "Bald zu")]
    assert order == sorted(order)
    assert 'href="/gremien/befristungen"' in text  # the navigation entry


def test_warning_days_come_from_the_config(office_web, seeded, app):
    add_body("in-20", name="In zwanzig Tagen", end_date=today_berlin() + timedelta(days=20))
    db.session.commit()
    app.config["EXPIRY_WARNING_DAYS"] = 10
    page = office_web.client.get("/gremien/befristungen").get_data(as_text=True)
    assert "In zwanzig Tagen" not in page


def test_confirming_the_end_removes_it_from_the_list(office_web, seeded):
    response = office_web.post(
        "/gremien/kooperationsgruppe-strategie/aufloesung", form_url="/gremien/befristungen"
    )
    assert response.status_code == 302
    assert "kooperationsgruppe-strategie" not in [i.body.key for i in expiring_bodies(90)]
    page = office_web.client.get("/gremien/kooperationsgruppe-strategie").get_data(as_text=True)
    assert "Auflösung festgestellt" in page


def test_confirming_a_running_body_is_refused(office_web, seeded):
    add_body("laeuft", end_date=today_berlin() + timedelta(days=3))
    db.session.commit()
    response = office_web.post("/gremien/laeuft/aufloesung", form_url="/gremien/befristungen")
    assert response.status_code == 400
    assert "noch nicht abgelaufen" in response.get_data(as_text=True)


def test_applicants_may_not_see_the_list(web, seeded, user_factory):
    web.login(user_factory("applicant"))
    assert web.client.get("/gremien/befristungen").status_code == 403


def test_cli_expiring_prints_tab_separated_lines(app, seeded):
    end = today_berlin() + timedelta(days=30)
    add_body("cli-body", name="CLI-Gremium", end_date=end)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["registry", "expiring", "--days", "40"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert f"cli-body\tCLI-Gremium\t{end.isoformat()}\t30" in lines
    assert lines[0].startswith("kooperationsgruppe-strategie\t")
    short = app.test_cli_runner().invoke(args=["registry", "expiring", "--days", "10"])
    assert "cli-body" not in short.output


def _outbox() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_reminders_are_queued_once_per_body_and_period(app, db, seeded, user_factory):
    office1, office2 = user_factory("secretariat"), user_factory("secretariat")
    inactive = user_factory("secretariat")
    inactive.active = False
    user_factory("applicant")
    today = today_berlin()
    add_body("fuenf-tage", end_date=today + timedelta(days=5))
    add_body("sechzig-tage", end_date=today + timedelta(days=60))
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["registry", "remind"])
    assert first.exit_code == 0, first.output
    # strategie (past), five days, sixty days: three bodies × two active office users
    assert "Erinnerungen eingereiht: 6" in first.output
    assert _outbox() == 6
    second = runner.invoke(args=["registry", "remind"])
    assert "Erinnerungen eingereiht: 0" in second.output
    assert _outbox() == 6
    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == {office1.email, office2.email}


def test_a_new_period_queues_a_new_reminder(db, seeded, office):
    add_body("sechzig", end_date=TODAY + timedelta(days=60))
    db.session.flush()
    assert queue_expiry_reminders(90, TODAY) == 2  # strategie (period 0), sechzig (period 90)
    assert queue_expiry_reminders(90, TODAY + timedelta(days=20)) == 0
    assert queue_expiry_reminders(90, TODAY + timedelta(days=31)) == 1  # now 29 days: period 30
    subjects = list(db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)))
    assert "in 29 Tagen" in subjects[-1]


def test_office_start_page_lists_expiring_bodies(web, user_factory, db):
    """The office's start page shows the time limits that run out soon, with the way to act."""
    from datetime import timedelta

    from app.formatting import today_berlin
    from app.models import Body

    db.session.add(
        Body(
            key="pg-bald-zu-ende",
            name="Projektgruppe Bald zu Ende",
            kind="projektgruppe",
            category="project_group",
            end_date=today_berlin() + timedelta(days=10),
        )
    )
    db.session.add(
        Body(
            key="pg-noch-lange",
            name="Projektgruppe Noch lange",
            kind="projektgruppe",
            category="project_group",
            end_date=today_berlin() + timedelta(days=400),
        )
    )
    db.session.commit()
    web.login(user_factory("secretariat"))
    page = web.client.get("/").get_data(as_text=True)
    assert "Auslaufende Befristungen" in page
    assert "Projektgruppe Bald zu Ende" in page and "Projektgruppe Noch lange" not in page
    assert 'href="/gremien/befristungen"' in page
    web.logout()
    web.login(user_factory("applicant"))
    assert "Auslaufende Befristungen" not in web.client.get("/").get_data(as_text=True)
