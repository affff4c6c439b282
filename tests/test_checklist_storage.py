"""The checklist scripts' run model and stored runs under Node: reading saved state never
writes it, saved items the page does not show are kept, and a save gives back what was read."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

NODE = shutil.which("node") or "/usr/bin/node"
SCRIPTS = ROOT / "docs" / "assets" / "javascripts" / "checklists"
KEY = "msp-playbook/checklist/sheet"
# A fake localStorage that records every write, and the store built on it.
PRELUDE = """
const model = require(%(model)s);
const stored = require(%(store)s);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const data = new Map(Object.entries(input.storage || {}));
const writes = [];
const storage = {
  getItem: k => data.has(k) ? data.get(k) : null,
  setItem: (k, v) => { writes.push(k); data.set(k, String(v)); },
  removeItem: k => { writes.push(k); data.delete(k); },
};
const store = stored.createStore(() => storage);
const known = new Set(input.known || []);
const out = {};
"""
SAVED = {"version": 2, "current": "Acme", "runs": [
    {"name": "Acme", "client": "Acme Dental Ltd", "runBy": "Sam", "started": "2026-11-02", "items": [
        {"id": "pricing", "done": True, "at": "2026-11-03T09:45", "by": "Sam", "note": "Filed",
         "due": "2026-11-10", "assignee": "Alex"},
        {"id": "retired-item", "done": True, "at": "2026-10-01T08:00", "by": "Sam", "note": "From last year"}]}]}


def run_node(program: str, payload: dict) -> dict:
    """Run `program` after PRELUDE under Node with `payload` as `input`; the JSON of `out`."""
    if not Path(NODE).exists():
        pytest.skip("node is not installed")
    source = PRELUDE % {"model": json.dumps(str(SCRIPTS / "model.js")),
                        "store": json.dumps(str(SCRIPTS / "store.js"))}
    source += program + "\nprocess.stdout.write(JSON.stringify(out));"
    result = subprocess.run([NODE, "-e", source], input=json.dumps(payload), capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_loading_writes_nothing_to_the_saved_state() -> None:
    """Reading a valid, a damaged and an unreadable state, and probing storage, leave the saved key alone."""
    for raw in (json.dumps(SAVED), '{"version": 2, "runs": [null, {"name": "Kept"}]}', "{not json"):
        out = run_node("store.load('sheet', known); out.works = store.works('sheet');"
                       " out.writes = writes; out.after = data.get(input.key);",
                       {"storage": {KEY: raw}, "known": ["pricing"], "key": KEY})
        assert out["works"] is True
        assert KEY not in out["writes"] and out["after"] == raw


def test_items_the_page_does_not_show_are_kept_and_counted() -> None:
    """A saved item unknown to the page stays in the run, is counted, and is saved again with the rest."""
    out = run_node("const loaded = store.load('sheet', known); out.unknown = loaded.unknown;"
                   " out.problem = loaded.problem;"
                   " loaded.state.runs.get('Acme').items.get('pricing').note = 'Filed twice';"
                   " store.save('sheet', loaded.state); out.saved = JSON.parse(data.get(input.key));",
                   {"storage": {KEY: json.dumps(SAVED)}, "known": ["pricing", "slas"], "key": KEY})
    assert (out["unknown"], out["problem"]) == (1, "")
    items = {item["id"]: item for item in out["saved"]["runs"][0]["items"]}
    assert items["retired-item"] == SAVED["runs"][0]["items"][1]
    assert items["pricing"]["note"] == "Filed twice"


def test_a_page_without_items_keeps_every_saved_item() -> None:
    """Read by a page that shows no items, the runs save back exactly as they were."""
    out = run_node("const loaded = store.load('sheet', known); out.unknown = loaded.unknown;"
                   " out.again = stored.serialise(loaded.state);",
                   {"storage": {KEY: json.dumps(SAVED)}, "known": []})
    assert out["unknown"] == 2
    assert json.loads(out["again"]) == SAVED


def test_due_date_and_assignee_survive_a_round_trip_and_bad_ones_are_repaired() -> None:
    """A due date and an assignee are kept; a due date that is not a date is dropped and reported."""
    bad = {"version": 2, "runs": [{"name": "X", "items": [{"id": "pricing", "due": "soon", "assignee": 5}]}]}
    out = run_node("const good = store.load('sheet', known);"
                   " out.good = good.state.runs.get('Acme').items.get('pricing');"
                   " data.set(input.key, input.bad); const damaged = store.load('sheet', known);"
                   " out.problem = damaged.problem; out.repaired = damaged.state.runs.get('X').items.get('pricing');",
                   {"storage": {KEY: json.dumps(SAVED)}, "known": ["pricing"], "key": KEY, "bad": json.dumps(bad)})
    assert (out["good"]["due"], out["good"]["assignee"]) == ("2026-11-10", "Alex")
    assert (out["repaired"]["due"], out["repaired"]["assignee"]) == ("", "")
    assert "damaged" in out["problem"]


def test_a_run_is_completed_on_the_day_of_its_last_tick() -> None:
    """The completion date is the latest tick's day once every item is done, and empty before."""
    out = run_node("const run = model.newRun('R');"
                   " run.items.set('a', Object.assign(model.emptyRecord(), {done: true, at: '2026-11-03T09:00'}));"
                   " out.partial = model.completedOn(run, ['a', 'b']);"
                   " run.items.set('b', Object.assign(model.emptyRecord(), {done: true, at: '2026-11-05T16:30'}));"
                   " out.full = model.completedOn(run, ['a', 'b']);", {})
    assert (out["partial"], out["full"]) == ("", "2026-11-05")


def test_the_previous_run_is_remembered_with_the_state() -> None:
    """The run the technician was on before is saved, so deleting a run can return to it after a reload."""
    saved = {**SAVED, "previous": "Other", "runs": [*SAVED["runs"], {"name": "Other"}]}
    out = run_node("const loaded = store.load('sheet', known); out.previous = loaded.state.previous;"
                   " out.again = JSON.parse(stored.serialise(loaded.state)).previous;",
                   {"storage": {KEY: json.dumps(saved)}, "known": ["pricing"]})
    assert out == {"previous": "Other", "again": "Other"}
