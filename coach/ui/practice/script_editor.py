"""The script part of the custom-exercise editor: the ordered steps (speak, quiet pause, chime, breathing
cue), a form for the chosen step, and buttons to add, move and remove steps."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coach.domain.wording import count
from coach.ui.widgets.common import FlowLayout, button, named, plain_label, text_label
from coach.ui.widgets.forms import shrink_to_fit
from coach.ui.widgets.time_entry import SecondsBox, WholeNumberBox

STEP_KINDS = ("speak", "pause", "chime", "breath")
KIND_LABELS = {"speak": "Speak", "pause": "Quiet pause", "chime": "Chime", "breath": "Breathing cue"}


def step_summary(step: dict[str, Any]) -> str:
    kind = step["kind"]
    if kind == "speak":
        text = str(step.get("text", ""))
        return f"Speak: {text[:70]}{'…' if len(text) > 70 else ''}"
    if kind == "pause":
        return f"Quiet for {count_seconds(float(step.get('seconds', 0)))}"
    if kind == "chime":
        return "Chime" + (f": {step['text'][:60]}" if step.get("text") else "")
    return (
        f"Breathe in {step.get('inhale', 0):g}, hold {step.get('hold', 0):g}, out {step.get('exhale', 0):g}"
        f" × {step.get('cycles', 0)}"
    )


def _spin(name: str, accessible: str, low: float, high: float, value: float) -> QDoubleSpinBox:
    """Seconds, typed as "90", "1:30" or "1 min 30"."""
    return named(SecondsBox(low, high, value), name, accessible)


class ScriptEditor(QWidget):
    """Edits a list of step dicts in the exercise file format; `steps` is always the edited script."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptEditor")
        self.steps: list[dict[str, Any]] = []
        self._loading = False  # the form is being filled from a step, not edited by the person
        self._build()

    # --- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        main = QVBoxLayout(self)
        main.setContentsMargins(0, 0, 0, 0)
        main.addWidget(text_label("Script", role="subtitle"))
        self.step_list = named(QListWidget(), "exerciseSteps", "Script steps, in order")
        self.step_list.setWordWrap(True)  # long steps wrap: the list never scrolls sideways
        self.step_list.currentRowChanged.connect(self._step_picked)
        main.addWidget(self.step_list, 1)
        steps_row = FlowLayout()  # wraps instead of squeezing the labels
        self.add_step_button = button("Add step", "addStep")
        self.add_step_button.clicked.connect(self.add_step)
        self.step_up = button("Up", "stepUp", "Move the chosen step earlier")
        self.step_up.clicked.connect(lambda: self._move_step(-1))
        self.step_down = button("Down", "stepDown", "Move the chosen step later")
        self.step_down.clicked.connect(lambda: self._move_step(1))
        self.remove_step_button = button("Remove step", "removeStep")
        self.remove_step_button.clicked.connect(self._remove_step)
        for b in (self.add_step_button, self.step_up, self.step_down, self.remove_step_button):
            steps_row.addWidget(b)
        main.addLayout(steps_row)

        step_form = QFormLayout()
        step_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.kind = shrink_to_fit(named(QComboBox(), "stepKind", "Kind of step"), 10)
        for kind in STEP_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.text = named(QPlainTextEdit(), "stepText", "Words for this step")
        self.text.setFixedHeight(70)
        self.seconds = _spin("stepSeconds", "Pause length in seconds", 0.5, 600, 5)
        self.inhale = _spin("stepInhale", "Breathe in, seconds", 1, 10, 4)
        self.hold = _spin("stepHold", "Hold, seconds", 0, 10, 1)
        self.exhale = _spin("stepExhale", "Breathe out, seconds", 1, 12, 6)
        self.cycles = named(WholeNumberBox(), "stepCycles", "Breaths")
        self.cycles.setRange(1, 30)
        self.cycles.setValue(5)
        step_form.addRow("Kind", self.kind)
        step_form.addRow("Words", self.text)
        step_form.addRow("Pause (seconds)", self.seconds)
        breath = FlowLayout()  # each "label box" pair stays together and the pairs wrap when narrow
        for label, spin in (
            ("in", self.inhale),
            ("hold", self.hold),
            ("out", self.exhale),
            ("breaths", self.cycles),
        ):
            pair = QWidget()
            pair_line = QHBoxLayout(pair)
            pair_line.setContentsMargins(0, 0, 0, 0)
            pair_line.addWidget(plain_label(label))
            pair_line.addWidget(spin)
            breath.addWidget(pair)
        step_form.addRow("Breathing", breath)
        main.addLayout(step_form)
        self.kind.currentIndexChanged.connect(self._step_edited)
        self.text.textChanged.connect(self._step_edited)
        for spin in (self.seconds, self.inhale, self.hold, self.exhale):
            spin.valueChanged.connect(self._step_edited)
        self.cycles.valueChanged.connect(self._step_edited)

    # --- steps -----------------------------------------------------------------------------------
    def set_steps(self, steps: list[dict[str, Any]]) -> None:
        self.steps = [dict(s) for s in steps]
        self._refresh_steps(0)

    def _refresh_steps(self, select: int) -> None:
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for step in self.steps:
            self.step_list.addItem(step_summary(step))
        self.step_list.blockSignals(False)
        if self.steps:
            self.step_list.setCurrentRow(max(0, min(select, len(self.steps) - 1)))
            self._step_picked(self.step_list.currentRow())

    def _step_picked(self, row: int) -> None:
        if not 0 <= row < len(self.steps):
            return
        step = self.steps[row]
        was = self._loading
        self._loading = True
        try:
            self.kind.setCurrentIndex(STEP_KINDS.index(step["kind"]))
            self.text.setPlainText(str(step.get("text", "")))
            self.seconds.setValue(float(step.get("seconds", 5)))
            self.inhale.setValue(float(step.get("inhale", 4)))
            self.hold.setValue(float(step.get("hold", 1)))
            self.exhale.setValue(float(step.get("exhale", 6)))
            self.cycles.setValue(int(step.get("cycles", 5)))
            self._enable_fields(step["kind"])
        finally:
            self._loading = was

    def _enable_fields(self, kind: str) -> None:
        self.text.setEnabled(kind != "pause")
        self.seconds.setEnabled(kind == "pause")
        for widget in (self.inhale, self.hold, self.exhale, self.cycles):
            widget.setEnabled(kind == "breath")

    def _form_step(self) -> dict[str, Any]:
        kind = str(self.kind.currentData())
        text = self.text.toPlainText().strip()
        step: dict[str, Any] = {"kind": kind}
        if kind == "speak" or (kind in ("chime", "breath") and text):
            step["text"] = text
        if kind == "pause":
            step["seconds"] = self.seconds.value()
        if kind == "breath":
            step.update(
                inhale=self.inhale.value(),
                hold=self.hold.value(),
                exhale=self.exhale.value(),
                cycles=self.cycles.value(),
            )
        return step

    def _step_edited(self) -> None:
        if self._loading:
            return
        row = self.step_list.currentRow()
        if not 0 <= row < len(self.steps):
            return
        self.steps[row] = self._form_step()
        self._enable_fields(self.steps[row]["kind"])
        item = self.step_list.item(row)
        if item is not None:
            item.setText(step_summary(self.steps[row]))

    def add_step(self) -> None:
        row = self.step_list.currentRow()
        self.steps.insert(row + 1, {"kind": "speak", "text": "…"})
        self._refresh_steps(row + 1)

    def _move_step(self, delta: int) -> None:
        row = self.step_list.currentRow()
        target = row + delta
        if 0 <= row < len(self.steps) and 0 <= target < len(self.steps):
            self.steps.insert(target, self.steps.pop(row))
            self._refresh_steps(target)

    def _remove_step(self) -> None:
        row = self.step_list.currentRow()
        if 0 <= row < len(self.steps):
            del self.steps[row]
            self._refresh_steps(row)


def count_seconds(seconds: float) -> str:
    """ "1 second", "5 seconds", "2.5 seconds", "1 min 30 s" for longer pauses."""
    if seconds >= 60:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest} s" if rest else count(minutes, "minute")
    return count(int(seconds), "second") if float(seconds).is_integer() else f"{seconds:g} seconds"
