/* Checklists: runs for a client saved in this browser, per-item notes, progress, print,
 * Markdown, CSV and run files to move a run to another device.
 * Without this script a checklist still works: real checkboxes, printable, nothing saved.
 * Loaded only on checklist pages (overrides/main.html). With Material's instant navigation
 * turned on it would run again on each arrival, so it sets itself up once and follows document$. */
(function () {
  "use strict";
  if (window.mspChecklists) return;
  window.mspChecklists = { version: 2 };

  var PREFIX = "msp-playbook/checklist/";
  var DEFAULT_RUN = "Default"; // also the first option in macros/templates/checklist.html.j2
  var FILE_FORMAT = "msp-playbook-checklist-run";
  var LIMITS = { name: 80, client: 120, runBy: 80, by: 80, note: 2000, runs: 200, file: 1000000 };
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
  var memory = new Map(); // used when localStorage is blocked (private mode, strict settings)

  /* In memory a checklist's state is {current, runs: Map name -> run}; a run is {name, client,
   * runBy, started, items: Map item id -> {done, at, by, note}}. Maps, so that a run called
   * "constructor" or "__proto__" is only a name. Stored and exported as plain arrays. */
  function newRun(name) {
    return { name: name, client: "", runBy: "", started: today(), items: new Map() };
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function now() {
    var d = new Date();
    return today() + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function cleanText(value, max) {
    return typeof value === "string" ? value.slice(0, max) : null;
  }

  function cleanName(value) {
    return typeof value === "string" ? value.replace(/\s+/g, " ").trim().slice(0, LIMITS.name) : "";
  }

  /* One run from stored or imported data: a run, or null when nothing usable is left.
   * report.repaired counts what had to be dropped or corrected; unknown item ids are dropped. */
  function cleanRun(raw, known, report) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) { report.repaired++; return null; }
    var name = cleanName(raw.name);
    if (!name) { report.repaired++; return null; }
    var run = newRun(name);
    [["client", "client"], ["runBy", "runBy"]].forEach(function (pair) {
      var value = raw[pair[0]] === undefined ? "" : cleanText(raw[pair[0]], LIMITS[pair[1]]);
      if (value === null) { report.repaired++; value = ""; }
      run[pair[1]] = value;
    });
    if (typeof raw.started === "string" && DATE.test(raw.started)) run.started = raw.started;
    else if (raw.started !== undefined) report.repaired++;
    var items = Array.isArray(raw.items) ? raw.items : [];
    if (raw.items !== undefined && !Array.isArray(raw.items)) report.repaired++;
    items.forEach(function (entry) {
      if (!entry || typeof entry !== "object" || typeof entry.id !== "string") { report.repaired++; return; }
      if (!known.has(entry.id)) { report.unknown++; return; }
      var record = { done: entry.done === true, at: "", by: "", note: "" };
      if (entry.at !== undefined && entry.at !== "") {
        if (typeof entry.at === "string" && DATE_TIME.test(entry.at)) record.at = entry.at;
        else report.repaired++;
      }
      ["by", "note"].forEach(function (field) {
        var value = entry[field] === undefined ? "" : cleanText(entry[field], LIMITS[field]);
        if (value === null) { report.repaired++; value = ""; }
        record[field] = value;
      });
      run.items.set(entry.id, record);
    });
    return run;
  }

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

  /* Saved state of one checklist, checked field by field; result.problem says what was wrong. */
  function load(id, known) {
    var raw = null;
    var result = { state: null, problem: "", storage: true };
    try { raw = window.localStorage.getItem(PREFIX + id); } catch (e) {
      raw = memory.has(id) ? memory.get(id) : null;
      result.storage = false;
    }
    var parsed = null;
    if (raw !== null) {
      try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    }
    var state = { current: DEFAULT_RUN, runs: new Map() };
    if (parsed === undefined) {
      result.problem = "The ticks saved for this checklist could not be read, so it starts afresh.";
      try { window.localStorage.setItem(PREFIX + id + "#unreadable", raw); } catch (e) { /* kept nowhere */ }
    } else if (parsed !== null) {
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && parsed.runs &&
          typeof parsed.runs === "object" && !Array.isArray(parsed.runs)) {
        parsed = fromFirstVersion(parsed);
      }
      if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.runs)) {
        result.problem = "The ticks saved for this checklist were not in a shape this page knows, so it starts afresh.";
      } else {
        var report = { repaired: 0, unknown: 0 };
        parsed.runs.slice(0, LIMITS.runs).forEach(function (entry) {
          var run = cleanRun(entry, known, report);
          if (run && !state.runs.has(run.name)) state.runs.set(run.name, run);
          else if (run) report.repaired++;
        });
        if (typeof parsed.current === "string" && state.runs.has(parsed.current)) state.current = parsed.current;
        else if (state.runs.size) state.current = state.runs.keys().next().value;
        if (report.repaired) {
          result.problem = "Some saved runs of this checklist were damaged; what could be read was kept.";
        }
      }
    }
    if (!state.runs.size) state.runs.set(DEFAULT_RUN, newRun(DEFAULT_RUN));
    if (!state.runs.has(state.current)) state.current = state.runs.keys().next().value;
    result.state = state;
    return result;
  }

  function runToJSON(run) {
    var items = [];
    run.items.forEach(function (record, itemId) {
      if (record.done || record.at || record.by || record.note) {
        items.push({ id: itemId, done: record.done, at: record.at, by: record.by, note: record.note });
      }
    });
    return { name: run.name, client: run.client, runBy: run.runBy, started: run.started, items: items };
  }

  function serialise(state) {
    var runs = [];
    state.runs.forEach(function (run) { runs.push(runToJSON(run)); });
    return JSON.stringify({ version: 2, current: state.current, runs: runs });
  }

  /* Stores the state; false when the browser refused (storage full or disabled). */
  function save(id, state) {
    var raw = serialise(state);
    try {
      window.localStorage.setItem(PREFIX + id, raw);
      return true;
    } catch (e) {
      memory.set(id, raw);
      return false;
    }
  }

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* The visible detail of an item, without the screen-reader-only "Read more" link. */
  function detailText(item) {
    var detail = item.querySelector(".msp-checklist__detail");
    if (!detail) return "";
    var copy = detail.cloneNode(true);
    copy.querySelectorAll(".msp-checklist__link").forEach(function (n) { n.remove(); });
    return text(copy);
  }

  function csvCell(value) {
    var s = String(value);
    // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it away.
    if (/^[=+\-@]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /* Text as a quoted CSS string, as css_string in macros/checklists.py writes it. */
  function cssString(value) {
    return '"' + String(value).replace(/[^A-Za-z0-9 ]/g, function (c) {
      return "\\" + c.charCodeAt(0).toString(16) + " ";
    }) + '"';
  }

  function slug(value) {
    return value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "run";
  }

  /* "2026-11-29T14:05" as "2026-11-29 14:05": unambiguous in every locale. */
  function when(value) {
    return value ? value.replace("T", " ") : "";
  }

  function download(name, type, body) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([body], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function setUp(root) {
    if (root.dataset.ready === "true") return;
    root.dataset.ready = "true";
    var id = root.dataset.checklist;
    var items = Array.prototype.slice.call(root.querySelectorAll(".msp-checklist__item[data-item]"));
    var boxes = items.map(function (item) { return item.querySelector("input[type=checkbox][data-item]"); });
    var known = new Set(items.map(function (item) { return item.dataset.item; }));
    var controls = root.querySelector("[data-role=controls]");
    var panel = root.querySelector("[data-role=run-panel]");
    var summary = root.querySelector("[data-role=run-summary]");
    var select = root.querySelector("[data-role=run-select]");
    var progress = root.querySelector("[data-role=progress]");
    var notice = root.querySelector("[data-role=notice]");
    var form = root.querySelector("[data-role=new-run]");
    var runName = root.querySelector("[data-role=run-name]");
    var fields = root.querySelectorAll("[data-run-field]");
    var importer = root.querySelector("[data-role=import]");
    var stamp = document.getElementById(root.id + "-stamp");
    var stampRules = stamp && stamp.sheet ? stamp.sheet.cssRules.length : 0;
    var loaded = load(id, known);
    var state = loaded.state;
    var storageWorks = loaded.storage;
    var warning = storageWorks ? "" : "This browser does not let the page save: ticks and notes will be lost when you leave it. Export the run to keep it.";

    function run() {
      return state.runs.get(state.current);
    }

    function record(itemId) {
      var current = run();
      if (!current.items.has(itemId)) current.items.set(itemId, { done: false, at: "", by: "", note: "" });
      return current.items.get(itemId);
    }

    function announce(message) {
      // The notice is a polite live region; a storage warning stays until saving works again.
      var parts = [warning, message].filter(Boolean);
      notice.textContent = parts.join(" ");
      notice.classList.toggle("msp-checklist__notice--warning", Boolean(warning));
    }

    function store() {
      var ok = save(id, state);
      if (ok === storageWorks) return;
      storageWorks = ok;
      warning = ok ? "" : "Your browser refused to save (its storage is full or turned off): ticks and notes will be lost when you leave this page. Export the run to keep it.";
      announce(ok ? "Saving works again." : "");
    }

    function show() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      progress.textContent = done + " of " + boxes.length + " done";
    }

    function recordLine(itemId) {
      var rec = run().items.get(itemId);
      if (!rec) return "";
      var parts = [];
      if (rec.done || rec.at || rec.by) {
        parts.push((rec.done ? "Done" : "Not done") + (rec.at ? " " + when(rec.at) : "") + (rec.by ? " by " + rec.by : ""));
      }
      if (rec.note) parts.push("Note: " + rec.note);
      return parts.join(". ");
    }

    function paintItem(item) {
      var itemId = item.dataset.item;
      var rec = run().items.get(itemId) || { done: false, at: "", by: "", note: "" };
      item.querySelector("input[type=checkbox][data-item]").checked = rec.done;
      item.querySelectorAll("[data-item-field]").forEach(function (input) {
        if (input.value !== rec[input.dataset.itemField]) input.value = rec[input.dataset.itemField];
      });
      var line = item.querySelector("[data-role=record-line]");
      line.textContent = recordLine(itemId);
      line.hidden = !line.textContent;
    }

    /* The untouched Default run prints as a blank sheet (as `make pdf` prints it). */
    function inUse(current) {
      return current.name !== DEFAULT_RUN || Boolean(current.client || current.runBy || current.items.size);
    }

    function printFacts() {
      var current = run();
      var used = inUse(current);
      var values = { client: current.client, run: current.name, "run-by": current.runBy, started: current.started };
      Object.keys(values).forEach(function (key) {
        var node = root.querySelector("[data-print=" + key + "]");
        node.textContent = values[key];
        node.closest("div").hidden = !used || !values[key];
      });
      // The sign-off line at the foot of each printed page, filled from the run.
      if (!stamp || !stamp.sheet) return;
      var sheet = stamp.sheet;
      while (sheet.cssRules.length > stampRules) sheet.deleteRule(sheet.cssRules.length - 1);
      var blank = root.classList.contains("msp-checklist--blank");
      if (blank || !used) return;
      var line = "Completed by: " + (current.runBy || "______________________") + "   Date: " + today() +
        "   Client: " + (current.client || "______________________");
      try {
        sheet.insertRule("@page { @bottom-left { content: " + cssString(line) + "; } }", sheet.cssRules.length);
      } catch (e) { /* a browser without margin boxes keeps the blank line */ }
    }

    function paint() {
      items.forEach(paintItem);
      select.textContent = "";
      state.runs.forEach(function (r) {
        var option = document.createElement("option");
        option.value = r.name;
        option.textContent = r.name;
        option.selected = r.name === state.current;
        select.appendChild(option);
      });
      var current = run();
      fields.forEach(function (input) { input.value = current[input.dataset.runField]; });
      summary.textContent = current.name + (current.client ? " \u2013 " + current.client : "");
      printFacts();
      show();
    }

    /* Note, who and when for one item: folded under the item, made here so that without
     * the script the sheet stays a plain list of boxes. The fields are made when the record
     * is first opened, so a long sheet starts without a form per item. */
    function addRecordControls(item) {
      var line = document.createElement("p");
      line.className = "msp-checklist__record-line";
      line.dataset.role = "record-line";
      line.hidden = true;
      var details = document.createElement("details");
      details.className = "msp-checklist__record";
      var head = document.createElement("summary");
      head.textContent = "Note, who and when";
      var hidden = document.createElement("span");
      hidden.className = "msp-checklist__hidden";
      hidden.textContent = ": " + text(item.querySelector("label"));
      head.appendChild(hidden);
      details.appendChild(head);
      details.addEventListener("toggle", function () {
        if (details.open && !details.querySelector(".msp-checklist__record-form")) addRecordForm(item, details);
      });
      item.appendChild(line);
      item.appendChild(details);
    }

    function addRecordForm(item, details) {
      var base = root.id + "-" + item.dataset.item;
      var form = document.createElement("div");
      form.className = "msp-checklist__record-form";
      [["by", "Done by", "input", "text"], ["at", "When", "input", "datetime-local"],
       ["note", "Note", "textarea", ""]].forEach(function (spec) {
        var label = document.createElement("label");
        label.htmlFor = base + "-" + spec[0];
        label.textContent = spec[1];
        var input = document.createElement(spec[2]);
        if (spec[3]) input.type = spec[3];
        if (spec[2] === "textarea") input.rows = 2;
        input.id = base + "-" + spec[0];
        input.dataset.itemField = spec[0];
        if (LIMITS[spec[0]]) input.maxLength = LIMITS[spec[0]];
        form.appendChild(label);
        form.appendChild(input);
      });
      details.appendChild(form);
      paintItem(item);
    }

    function rows() {
      var out = [];
      root.querySelectorAll(".msp-checklist__section").forEach(function (section) {
        var heading = section.dataset.title;
        var phase = section.closest("[data-phase]");
        section.querySelectorAll(".msp-checklist__item").forEach(function (item) {
          var rec = run().items.get(item.dataset.item) || { done: false, at: "", by: "", note: "" };
          out.push({ phase: phase ? phase.dataset.phase : "", section: heading, id: item.dataset.item,
                     task: text(item.querySelector("label")), owner: item.dataset.owner || "",
                     minutes: item.dataset.minutes || "", detail: detailText(item),
                     clientNote: text(item.querySelector("[data-role=client-note]")), done: rec.done,
                     at: when(rec.at), by: rec.by, note: rec.note });
        });
      });
      return out;
    }

    function markdown() {
      var current = run();
      var lines = ["# " + root.dataset.title, "", "- Version: " + root.dataset.version, "- Run: " + current.name];
      if (current.client) lines.push("- Client: " + current.client);
      if (current.runBy) lines.push("- Run by: " + current.runBy);
      lines.push("- Started: " + current.started, "- Exported: " + when(now()), "");
      var phase = null;
      var section = null;
      rows().forEach(function (row) {
        if (row.phase && row.phase !== phase) {
          lines.push("## " + row.phase, "");
          phase = row.phase;
        }
        if (row.section !== section) {
          lines.push("### " + row.section, "");
          section = row.section;
        }
        lines.push("- [" + (row.done ? "x" : " ") + "] " + row.task + (row.detail ? " — " + row.detail : ""));
        var meta = ["Owner: " + row.owner];
        if (row.done || row.at || row.by) meta.push((row.done ? "done" : "not done") + (row.at ? " " + row.at : "") + (row.by ? " by " + row.by : ""));
        lines.push("  " + meta.join("; "));
        if (row.note) lines.push("  Note: " + row.note.replace(/\s*\n\s*/g, " "));
        if (row.clientNote) lines.push("  Tell the client: " + row.clientNote);
        lines.push("");
      });
      lines.push("Source: " + location.href.split("#")[0]);
      return lines.join("\n") + "\n";
    }

    function csv() {
      var current = run();
      var lines = [["Run", "Client", "Run by", "Started", "Phase", "Section", "Item ID", "Task", "Owner",
                    "Minutes", "Detail", "Client note", "Done", "Done at", "Done by", "Note"].join(",")];
      rows().forEach(function (row) {
        lines.push([current.name, current.client, current.runBy, current.started, row.phase, row.section,
                    row.id, row.task, row.owner, row.minutes, row.detail, row.clientNote,
                    row.done ? "yes" : "no", row.at, row.by, row.note].map(csvCell).join(","));
      });
      return lines.join("\r\n") + "\r\n";
    }

    function copy(value) {
      if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value);
      // Plain-http fallback (a local preview): a hidden textarea and the older copy command.
      var area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
    }

    function print(blank) {
      root.classList.toggle("msp-checklist--blank", blank);
      printFacts();
      window.addEventListener("afterprint", function () {
        root.classList.remove("msp-checklist--blank");
        printFacts();
      }, { once: true });
      window.print();
    }

    /* A run file read back: the run, or a sentence saying why the file cannot be used. */
    function readRunFile(body) {
      var parsed;
      try { parsed = JSON.parse(body); } catch (e) { return { error: "it is not a run file (not JSON)." }; }
      if (!parsed || typeof parsed !== "object" || parsed.format !== FILE_FORMAT) {
        return { error: "it is not a run file exported from a checklist of this handbook." };
      }
      if (parsed.checklist !== id) {
        return { error: "it holds a run of another checklist (" + String(parsed.checklist).slice(0, 60) + ")." };
      }
      var report = { repaired: 0, unknown: 0 };
      var imported = cleanRun(parsed.run, known, report);
      if (!imported) return { error: "its run has no name or is damaged." };
      if (report.repaired) return { error: "some of its entries are damaged (" + report.repaired + " found)." };
      return { run: imported, unknown: report.unknown };
    }

    function importRun(file) {
      if (file.size > LIMITS.file) {
        announce("Import failed: " + file.name + " is too large to be a run file.");
        return;
      }
      file.text().then(function (body) {
        var result = readRunFile(body);
        if (result.error) {
          announce("Import failed: " + file.name + " cannot be used because " + result.error);
          return;
        }
        var imported = result.run;
        if (state.runs.has(imported.name) &&
            !window.confirm("Replace the run \u201c" + imported.name + "\u201d on this device with the one in the file?")) {
          announce("Import cancelled: the run \u201c" + imported.name + "\u201d was left as it was.");
          return;
        }
        state.runs.set(imported.name, imported);
        state.current = imported.name;
        store();
        paint();
        announce("Run \u201c" + imported.name + "\u201d imported." +
          (result.unknown ? " " + result.unknown + " items not on this version of the checklist were left out." : ""));
      }, function () { announce("Import failed: the file could not be read."); });
    }

    var actions = {
      "reset": function () {
        if (!window.confirm("Clear every tick, note and time of the run \u201c" + state.current + "\u201d?")) return;
        run().items = new Map();
        store();
        paint();
        announce("Ticks cleared.");
      },
      "delete-run": function () {
        if (!window.confirm("Delete the run \u201c" + state.current + "\u201d with its ticks and notes?")) return;
        state.runs.delete(state.current);
        if (!state.runs.size) state.runs.set(DEFAULT_RUN, newRun(DEFAULT_RUN));
        state.current = state.runs.keys().next().value;
        store();
        paint();
        announce("Run deleted.");
      },
      "print-blank": function () { print(true); },
      "print-ticks": function () { print(false); },
      "copy-markdown": function () {
        copy(markdown()).then(function () { announce("Copied as Markdown."); },
                              function () { announce("Copying failed: your browser refused."); });
      },
      "download-csv": function () {
        download(id + "-" + slug(state.current) + ".csv", "text/csv;charset=utf-8", csv());
        announce("CSV downloaded.");
      },
      "export-run": function () {
        var body = { format: FILE_FORMAT, checklist: id, checklistVersion: root.dataset.version,
                     exported: now(), run: runToJSON(run()) };
        download(id + "-" + slug(state.current) + ".json", "application/json",
                 JSON.stringify(body, null, 2) + "\n");
        announce("Run exported: open the file with \u201cImport a run\u201d on the other device.");
      }
    };

    items.forEach(addRecordControls);

    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button && Object.prototype.hasOwnProperty.call(actions, button.dataset.action)) {
        actions[button.dataset.action]();
      }
    });
    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target === select) {
        if (state.runs.has(select.value)) state.current = select.value;
        store();
        paint();
        return;
      }
      if (target === importer) {
        if (importer.files && importer.files[0]) importRun(importer.files[0]);
        importer.value = "";
        return;
      }
      if (!target.matches("input[type=checkbox][data-item]")) return;
      var rec = record(target.dataset.item);
      rec.done = target.checked;
      // A tick records when and by whom, both editable under the item; unticking forgets when.
      if (target.checked) {
        if (!rec.at) rec.at = now();
        if (!rec.by) rec.by = run().runBy;
      } else {
        rec.at = "";
      }
      store();
      paintItem(target.closest(".msp-checklist__item"));
      show();
    });
    root.addEventListener("input", function (event) {
      var target = event.target;
      if (target.dataset.itemField) {
        var item = target.closest(".msp-checklist__item");
        var rec = record(item.dataset.item);
        var field = target.dataset.itemField;
        if (field === "at" && target.value && !DATE_TIME.test(target.value)) return;
        rec[field] = target.value;
        store();
        var line = item.querySelector("[data-role=record-line]");
        line.textContent = recordLine(item.dataset.item);
        line.hidden = !line.textContent;
      } else if (target.dataset.runField) {
        var runField = target.dataset.runField;
        if (runField === "started" && !DATE.test(target.value)) return;
        run()[runField] = target.value;
        store();
        summary.textContent = run().name + (run().client ? " \u2013 " + run().client : "");
        printFacts();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = cleanName(runName.value);
      if (!name) return;
      if (!state.runs.has(name)) state.runs.set(name, newRun(name));
      state.current = name;
      store();
      runName.value = "";
      paint();
      announce("Run \u201c" + name + "\u201d selected.");
    });

    // The PDF sits beside the site's pages (the deploy runs `make pdf`): resolve it from
    // the site's root. No probe request: a 404 would log a console error on local builds.
    var pdf = root.querySelector("[data-role=pdf-link]");
    if (pdf && window.__md_scope) {
      pdf.href = new URL(root.dataset.pdf, window.__md_scope).href;
    }

    // Open in the markup, so a wide screen keeps its place; folded on a phone so the first
    // item is on the first screen. The facts fold too, and open again for printing.
    var about = root.querySelector("[data-role=about]");
    if (window.matchMedia && !window.matchMedia("(min-width: 60em)").matches) {
      panel.open = false;
      about.open = false;
      window.addEventListener("beforeprint", function () {
        var wasOpen = about.open;
        about.open = true;
        window.addEventListener("afterprint", function () { about.open = wasOpen; }, { once: true });
      });
    }
    controls.hidden = false;
    paint();
    // Find out now, not after an hour's work, whether this browser keeps what is saved.
    if (storageWorks) store();
    announce(loaded.problem);
  }

  function setUpAll() {
    document.querySelectorAll(".msp-checklist[data-checklist]").forEach(setUp);
  }

  // Follow Material's page loads: one per document, more if instant navigation is turned on.
  // On a full load this file runs before Material's bundle has made document$, so it waits
  // for DOMContentLoaded, by which time the bundle has. Without the bundle: once.
  // A task of its own, after Material's, so that a phone's main thread is not held by one
  // long task for both (the controls hold their place, hidden, until then).
  function follow() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { setTimeout(setUpAll, 0); });
    } else {
      setUpAll();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", follow);
  } else {
    follow();
  }
})();
