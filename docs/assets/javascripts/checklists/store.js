/* Checklists, stored runs: a checklist's state read from and written to the browser's storage.
 * Reading never writes the state back: only a reader's action saves (issue 30). Saved items
 * this page does not show are kept as they were. Node can require this file (tests/js/). */
(function (factory) {
  "use strict";
  // Node has no window; in a page, an element with the id "module" must not count as Node.
  if (typeof window === "undefined") module.exports = factory(require("./model.js"));
  else { var ns = window.mspChecklists = window.mspChecklists || {}; ns.store = factory(ns.model); }
})(function (model) {
  "use strict";

  var PREFIX = "msp-playbook/checklist/";

  /* Runs saved by the first version of this script: {current, runs: {name: {ticked: [ids]}}}. */
  function fromFirstVersion(parsed) {
    var runs = [];
    Object.keys(parsed.runs).forEach(function (name) {
      var old = Object.prototype.hasOwnProperty.call(parsed.runs, name) ? parsed.runs[name] : null;
      var ticked = old && Array.isArray(old.ticked) ? old.ticked : [];
      runs.push({ name: name, items: ticked.filter(function (id) { return typeof id === "string"; })
        .map(function (id) { return { id: id, done: true }; }) });
    });
    return { version: 2, current: parsed.current, runs: runs };
  }

  function serialise(state) {
    var runs = [];
    state.runs.forEach(function (run) { runs.push(model.runToJSON(run)); });
    var out = { version: 2, current: state.current, runs: runs };
    if (state.previous && state.runs.has(state.previous)) out.previous = state.previous;
    return JSON.stringify(out);
  }

  /* The storage of one browser: `getStorage` returns localStorage (or throws when it is
   * blocked); what cannot be stored is kept in memory for as long as the page is open. */
  function createStore(getStorage) {
    var memory = new Map();

    function storage() { return getStorage(); }

    /* Saved state of one checklist, checked field by field: {state, problem, storage,
     * unknown: items kept that the page does not show}. Writes nothing but a copy of
     * unreadable data (under "<key>#unreadable"), so that a later save cannot lose it. */
    function load(id, known) {
      var raw = null;
      var result = { state: null, problem: "", storage: true, unknown: 0 };
      try { raw = storage().getItem(PREFIX + id); } catch (e) {
        raw = memory.has(id) ? memory.get(id) : null;
        result.storage = false;
      }
      var parsed = null;
      if (raw !== null) {
        try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
      }
      var state = { current: model.UNNAMED_RUN, previous: "", runs: new Map() };
      if (parsed === undefined) {
        result.problem = "The ticks saved for this checklist could not be read, so it starts afresh.";
        keepCopy(id, raw);
      } else if (parsed !== null) {
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && parsed.runs &&
            typeof parsed.runs === "object" && !Array.isArray(parsed.runs)) {
          parsed = fromFirstVersion(parsed);
        }
        if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.runs)) {
          result.problem = "The ticks saved for this checklist were not in a shape this page knows, so it starts afresh.";
          keepCopy(id, raw);
        } else {
          var report = { repaired: 0, unknown: 0 };
          parsed.runs.slice(0, model.LIMITS.runs).forEach(function (entry) {
            var run = model.cleanRun(entry, known, report, true);
            if (run && !state.runs.has(run.name)) state.runs.set(run.name, run);
            else if (run) report.repaired++;
          });
          if (typeof parsed.current === "string" && state.runs.has(parsed.current)) state.current = parsed.current;
          else if (state.runs.size) state.current = state.runs.keys().next().value;
          if (typeof parsed.previous === "string" && state.runs.has(parsed.previous)) state.previous = parsed.previous;
          if (report.repaired) {
            result.problem = "Some saved runs of this checklist were damaged; what could be read was kept.";
            keepCopy(id, raw);
          }
          result.unknown = report.unknown;
        }
      }
      if (!state.runs.size) state.runs.set(model.UNNAMED_RUN, model.newRun(model.UNNAMED_RUN));
      if (!state.runs.has(state.current)) state.current = state.runs.keys().next().value;
      result.state = state;
      return result;
    }

    function keepCopy(id, raw) {
      try { storage().setItem(PREFIX + id + "#unreadable", raw); } catch (e) { /* kept nowhere */ }
    }

    /* Stores the state; false when the browser refused (storage full or disabled). */
    function save(id, state) {
      var raw = serialise(state);
      try {
        storage().setItem(PREFIX + id, raw);
        return true;
      } catch (e) {
        memory.set(id, raw);
        return false;
      }
    }

    /* Whether this browser keeps what is saved, tried on a key of its own (the state is untouched). */
    function works(id) {
      var key = PREFIX + id + "#probe";
      try {
        storage().setItem(key, "1");
        storage().removeItem(key);
        return true;
      } catch (e) {
        return false;
      }
    }

    return { load: load, save: save, works: works };
  }

  return { PREFIX: PREFIX, serialise: serialise, createStore: createStore };
});
