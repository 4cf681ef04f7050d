"""The Learn page driven like a user would (pytest-qt, offscreen, real SQLite): the course with progress,
a lesson's pages, the reflection's feedback, Try this now, Listen, the visit sheet, and marking it done."""

from __future__ import annotations

from pathlib import Path

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from coach.domain.settings import SPEECH_ENGINE
from coach.services.context import AppContext
from coach.services.learn import lessons
from coach.services.learn.course import CourseService
from coach.ui.learn.page import LESSON_ROLE, LearnPage
from coach.ui.navigation import PAGES


def _page(qtbot: QtBot, ctx: AppContext, nav: FakeNav | None = None) -> LearnPage:
    page = LearnPage(ctx, nav or FakeNav())
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    return page


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_learn_is_in_the_navigation() -> None:
    assert any(p.key == "learn" and p.module == "coach.ui.learn.page" for p in PAGES)


def test_the_course_lists_every_lesson_and_opens_at_the_next_one(qtbot: QtBot, ctx: AppContext) -> None:
    CourseService(ctx).mark_done("how-pain-works")
    page = _page(qtbot, ctx)
    assert page.list.count() == len(lessons.lessons())
    assert page.list.item(0).text().startswith("✓ 1. How pain works")
    assert page.progress_text.text() == f"1 of {len(lessons.lessons())} lessons done"
    assert page.progress_bar.value() == 1
    assert page.list.currentItem().data(LESSON_ROLE) == "oih-vs-tolerance"
    assert page.view.heading.text().startswith("When pain medicine seems to stop working")


def test_read_a_lesson_answer_the_question_and_mark_it_done(qtbot: QtBot, ctx: AppContext) -> None:
    nav = FakeNav()
    page = _page(qtbot, ctx, nav)
    page.open_lesson("sleep-and-pain")
    view = page.view
    lesson = lessons.get_lesson("sleep-and-pain")
    assert view.page_title.text() == lesson.pages[0].title
    assert not view.end_frame.isVisible() and not view.back_button.isEnabled()
    for _ in lesson.pages[1:]:
        _click(qtbot, view.next_button)
    assert view.page_title.text() == lesson.pages[-1].title
    assert view.page_label.text() == f"Page {len(lesson.pages)} of {len(lesson.pages)}"
    assert view.end_frame.isVisible() and not view.next_button.isEnabled()
    assert view.question.text() == lesson.reflection.question
    answer = view.findChild(QRadioButton, "lessonAnswer1")
    # Click on the round indicator, as a person does (the button stretches wider than its label).
    qtbot.mouseClick(answer, Qt.MouseButton.LeftButton, pos=QPoint(8, answer.height() // 2))
    assert view.feedback.isVisible() and view.feedback.text() == lesson.reflection.answers[1].feedback
    _click(qtbot, view.done_button)
    assert not view.done_button.isEnabled() and "finished" in view.done_label.text()
    assert CourseService(ctx).reflection_answer("sleep-and-pain") == lesson.reflection.answers[1].text
    row = lessons.lesson_ids().index("sleep-and-pain")
    assert page.list.item(row).text().startswith("✓ ")
    assert page.progress_bar.value() == 1
    _click(qtbot, view.try_button)
    assert nav.started == ["sleep-wind-down"]
    assert view.try_text.text().endswith("a short exercise: Winding down for sleep.")


def test_a_lesson_opened_from_elsewhere_shows_at_once(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    page.on_navigate(lesson="overdose-safety")
    assert page.view.lesson is not None and page.view.lesson.id == "overdose-safety"
    page.on_navigate(lesson="no-such-lesson")
    assert page.view.lesson.id == "overdose-safety"


def test_listen_reads_the_lesson_in_the_player_with_its_transcript(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.store.set_setting(SPEECH_ENGINE, "none")
    page = _page(qtbot, ctx)
    page.open_lesson("the-escalation-trap")
    _click(qtbot, page.view.listen_button)
    player = page.view.player
    assert player is not None and player.isVisible()
    lines = [player.transcript.item(i).text() for i in range(player.transcript.count())]
    assert any("escalation trap" in line.lower() for line in lines)
    qtbot.waitUntil(lambda: player.is_ready(), timeout=20000)
    player.stop()
    page.shutdown()


def test_the_prescriber_lesson_saves_the_visit_sheet(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    page = _page(qtbot, ctx)
    page.open_lesson("how-pain-works")
    assert not page.view.sheet_button.isVisibleTo(page.view)
    page.open_lesson(lessons.PRESCRIBER_LESSON)
    assert page.view.sheet_button.isVisibleTo(page.view)
    out = page.view.save_sheet(tmp_path / "visit.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert page.view.notice.isVisible() and str(out) in page.view.notice.text()


def test_the_page_fits_small_screens(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    page = _page(qtbot, ctx)
    for width, height in ((1366, 768), (1024, 600)):
        page.resize(width, height)
        qtbot.wait(10)
        assert page.view.width() > 500
        assert page.grab().save(str(tmp_path / f"learn-{width}.png"))
        page.view.show_page(len(page.view.lesson.pages) - 1 if page.view.lesson else 0)
        assert page.grab().save(str(tmp_path / f"learn-{width}-end.png"))


def test_today_shows_the_course_and_opens_the_next_lesson(qtbot: QtBot, ctx: AppContext) -> None:
    from coach.ui.today.page import TodayPage

    nav = FakeNav()
    today = TodayPage(ctx, nav)
    qtbot.addWidget(today)
    today.show()
    total = len(lessons.lessons())
    assert today.learn_text.text() == f"0 of {total} lessons done. Next lesson: How pain works."
    _click(qtbot, today.lesson_button)
    assert nav.went == [("learn", {"lesson": "how-pain-works"})]
    CourseService(ctx).mark_done("how-pain-works")
    assert today.learn_text.text().startswith(f"1 of {total} lessons done. Next lesson: When pain medicine")


def test_the_taper_pages_learn_tab_leads_to_the_course_lesson(qtbot: QtBot, ctx: AppContext) -> None:
    from coach.ui.taper.page import TaperPage

    nav = FakeNav()
    taper = TaperPage(ctx, nav)
    qtbot.addWidget(taper)
    taper.show()
    taper.show_tab("learn")
    _click(qtbot, taper.learn.course_button)
    assert nav.went == [("learn", {"lesson": "oih-vs-tolerance"})]
    assert lessons.is_lesson("oih-vs-tolerance")


def test_next_stays_in_the_same_place_on_pages_of_different_lengths(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    page.open_lesson("sleep-and-pain")
    view = page.view
    places = []
    for index in range(len(view.lesson.pages) if view.lesson else 0):
        view.show_page(index)
        qtbot.wait(10)
        places.append(view.next_button.mapTo(view, view.next_button.rect().topLeft()).y())
    assert len(set(places)) == 1, places  # a tired person clicks the same spot to go on
    assert page.progress_bar.isTextVisible()


def test_mark_as_done_is_on_screen_at_1024x600_without_scrolling(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    page.open_lesson("sleep-and-pain")
    view = page.view
    lesson = lessons.get_lesson("sleep-and-pain")
    for _ in lesson.pages[1:]:
        _click(qtbot, view.next_button)
    assert view.verticalScrollBar().value() == 0
    finish = view.finish_button
    assert finish.isVisible() and finish.text() == "Mark as done" and not view.next_button.isVisible()
    top_left = finish.mapTo(view.viewport(), QPoint(0, 0))
    assert (
        view.viewport().rect().contains(top_left)
        and top_left.y() + finish.height() <= view.viewport().height()
    )
    _click(qtbot, finish)
    assert "sleep-and-pain" in CourseService(ctx).completed_ids()
    assert finish.text() == "Done ✓" and not finish.isEnabled()
    assert page.list.currentItem().text().startswith("✓ ")
    assert "about" in page.list.currentItem().text() and " min\n" not in page.list.currentItem().text() + "\n"
