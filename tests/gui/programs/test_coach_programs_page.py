"""The Programs page in a coach profile (issue 16, a newcomer coach): no "Start this program" or "Share my
progress…" (a patient's), no Patients tab repeating the caseload of the coach's home; and the buttons under
the program list stay where they are whichever program is chosen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from helpers.nav import RecordingNav as FakeNav

from coach.services.context import AppContext
from coach.services.programs.service import ProgramService
from coach.ui.programs.page import ProgramsPage


def open_page(qtbot: Any, ctx: AppContext) -> ProgramsPage:
    ctx.store.set_setting("speech_engine", "none")
    page = ProgramsPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


@pytest.fixture
def coach_page(qtbot: Any, ctx: AppContext) -> Iterator[ProgramsPage]:
    ctx.store.update_profile(kind="coach", nickname="Sam")
    page = open_page(qtbot, ctx)
    yield page
    page.editor.shutdown()


def test_a_coach_sees_no_patient_controls_and_no_patients_tab(coach_page: ProgramsPage) -> None:
    page = coach_page
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["Programs", "Builder", "My exercises"]
    assert not page.start_button.isVisible()
    assert not page.share_button.isVisible()
    page.tabs.setCurrentWidget(page.builder)
    assert not page.builder.assign_button.isVisible() and page.builder.save_button.isVisible()
    page.tabs.setCurrentIndex(0)
    assert page.new_button.isVisible() and page.export_button.isVisible() and page.import_button.isVisible()


def test_a_patient_still_starts_and_shares(qtbot: Any, ctx: AppContext) -> None:
    page = open_page(qtbot, ctx)
    assert page.start_button.isVisible() and page.share_button.isVisible()
    page.tabs.setCurrentWidget(page.builder)
    assert page.builder.assign_button.isVisible()
    page.editor.shutdown()


def test_the_buttons_stay_put_between_a_template_and_an_own_program(
    qtbot: Any, coach_page: ProgramsPage, ctx: AppContext
) -> None:
    page = coach_page
    template = ProgramService(ctx).all()[0]
    page.builder.load_copy(template.program)
    page.builder.save()
    page.refresh()
    origins = [info.origin for info in page.infos]
    page.tabs.setCurrentIndex(0)
    page.program_list.setCurrentRow(origins.index("builtin"))
    qtbot.wait(50)
    assert page.edit_button.text() == "Edit a copy"
    places = (page.delete_button.x(), page.export_button.x(), page.new_button.x())
    page.program_list.setCurrentRow(origins.index("custom"))
    qtbot.wait(50)
    assert page.edit_button.text() == "Edit"
    after = (page.delete_button.x(), page.export_button.x(), page.new_button.x())
    # Within a pixel or two (the wrapping row may round differently); before, Delete jumped by a word's width.
    assert all(abs(a - b) <= 2 for a, b in zip(after, places, strict=True)), (after, places)
