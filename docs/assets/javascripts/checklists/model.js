/* Checklists, the run model: what a run is, reading one back from stored or imported data,
 * and writing it out. No page, no storage: node can require this file (tests/js/).
 * In memory a checklist's state is {current, runs: Map name -> run}; a run is {name, client,
 * runBy, started, items: Map item id -> {done, at, by, note, due, assignee}}. Maps, so that a
 * run called "constructor" or "__proto__" is only a name. Stored and exported as plain arrays. */
(function (factory) {
  "use strict";
  // Node has no window; in a page, an element with the id "module" must not count as Node.
  if (typeof window === "undefined") module.exports = factory();
  else (window.mspChecklists = window.mspChecklists || {}).model = factory();
})(function () {
  "use strict";

  var UNNAMED_RUN = "Unnamed run"; // also the first option in macros/templates/checklist.html.j2
  var FILE_FORMAT = "msp-playbook-checklist-run";
  var LIMITS = { name: 80, client: 120, runBy: 80, by: 80, note: 2000, assignee: 80, runs: 200, file: 1000000 };
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
  var RECORD_TEXT = ["by", "note", "assignee"];
  var LEGACY_DEFAULT = "Default"; // the unnamed run of earlier versions of this script
  // An item's status in a run, in the words the exports use (the spreadsheet's drop-down offers these).
  var STATUSES = ["Not done", "Done"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function now() {
    var d = new Date();
    return today() + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function newRun(name) {
    return { name: name, client: "", runBy: "", started: today(), items: new Map() };
  }

  function status(record) {
    return STATUSES[record.done ? 1 : 0];
  }

  function emptyRecord() {
    return { done: false, at: "", by: "", note: "", due: "", assignee: "" };
  }

  function cleanText(value, max) {
    return typeof value === "string" ? value.slice(0, max) : null;
  }

  function cleanName(value) {
    return typeof value === "string" ? value.replace(/\s+/g, " ").trim().slice(0, LIMITS.name) : "";
  }

  /* One item's record from stored or imported data; report.repaired counts what was corrected. */
  function cleanRecord(entry, report) {
    var record = emptyRecord();
    record.done = entry.done === true;
    if (entry.at !== undefined && entry.at !== "") {
      if (typeof entry.at === "string" && DATE_TIME.test(entry.at)) record.at = entry.at;
      else report.repaired++;
    }
    if (entry.due !== undefined && entry.due !== "") {
      if (typeof entry.due === "string" && DATE.test(entry.due)) record.due = entry.due;
      else report.repaired++;
    }
    RECORD_TEXT.forEach(function (field) {
      var value = entry[field] === undefined ? "" : cleanText(entry[field], LIMITS[field]);
      if (value === null) { report.repaired++; value = ""; }
      record[field] = value;
    });
    return record;
  }

  /* One run from stored or imported data: a run, or null when nothing usable is left.
   * report.repaired counts what had to be dropped or corrected, report.unknown the items this
   * page does not show (known: a Set of item ids). keepUnknown keeps them in the run, as saved. */
  function cleanRun(raw, known, report, keepUnknown) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) { report.repaired++; return null; }
    var name = cleanName(raw.name);
    if (!name) { report.repaired++; return null; }
    var run = newRun(name);
    ["client", "runBy"].forEach(function (field) {
      var value = raw[field] === undefined ? "" : cleanText(raw[field], LIMITS[field]);
      if (value === null) { report.repaired++; value = ""; }
      run[field] = value;
    });
    if (typeof raw.started === "string" && DATE.test(raw.started)) run.started = raw.started;
    else if (raw.started !== undefined) report.repaired++;
    var items = Array.isArray(raw.items) ? raw.items : [];
    if (raw.items !== undefined && !Array.isArray(raw.items)) report.repaired++;
    items.forEach(function (entry) {
      if (!entry || typeof entry !== "object" || typeof entry.id !== "string") { report.repaired++; return; }
      if (!known.has(entry.id)) {
        report.unknown++;
        if (!keepUnknown) return;
      }
      run.items.set(entry.id, cleanRecord(entry, report));
    });
    return run;
  }

  function runToJSON(run) {
    var items = [];
    run.items.forEach(function (record, itemId) {
      if (record.done || record.at || record.by || record.note || record.due || record.assignee) {
        var entry = { id: itemId, done: record.done, at: record.at, by: record.by, note: record.note };
        if (record.due) entry.due = record.due;
        if (record.assignee) entry.assignee = record.assignee;
        items.push(entry);
      }
    });
    return { name: run.name, client: run.client, runBy: run.runBy, started: run.started, items: items };
  }

  /* The run ever touched by a reader: an untouched unnamed run prints as a blank sheet. */
  function inUse(run) {
    var unnamed = run.name === UNNAMED_RUN || run.name === LEGACY_DEFAULT;
    return !unnamed || Boolean(run.client || run.runBy || run.items.size);
  }

  /* The day the run was completed (its last tick, every item in `ids` done), or "". */
  function completedOn(run, ids) {
    var last = "";
    for (var i = 0; i < ids.length; i++) {
      var rec = run.items.get(ids[i]);
      if (!rec || !rec.done) return "";
      if (rec.at > last) last = rec.at;
    }
    return last.slice(0, 10);
  }

  /* A run file read back: {run, unknown}, or {error: a sentence saying why it cannot be used}. */
  function readRunFile(body, id, known) {
    var parsed;
    try { parsed = JSON.parse(body); } catch (e) { return { error: "it is not a run file (not JSON)." }; }
    if (!parsed || typeof parsed !== "object" || parsed.format !== FILE_FORMAT) {
      return { error: "it is not a run file exported from a checklist of this handbook." };
    }
    if (parsed.checklist !== id) {
      return { error: "it holds a run of another checklist (" + String(parsed.checklist).slice(0, 60) + ")." };
    }
    var report = { repaired: 0, unknown: 0 };
    var imported = cleanRun(parsed.run, known, report, false);
    if (!imported) return { error: "its run has no name or is damaged." };
    if (report.repaired) return { error: "some of its entries are damaged (" + report.repaired + " found)." };
    return { run: imported, unknown: report.unknown };
  }

  /* The body of an exported run file. */
  function runFile(id, version, run) {
    return { format: FILE_FORMAT, checklist: id, checklistVersion: version, exported: now(), run: runToJSON(run) };
  }

  return {
    UNNAMED_RUN: UNNAMED_RUN, LIMITS: LIMITS, DATE: DATE, DATE_TIME: DATE_TIME, STATUSES: STATUSES, status: status,
    today: today, now: now, newRun: newRun, emptyRecord: emptyRecord, cleanName: cleanName,
    cleanRun: cleanRun, runToJSON: runToJSON, inUse: inUse, completedOn: completedOn,
    readRunFile: readRunFile, runFile: runFile
  };
});
