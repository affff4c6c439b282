/* Checklists: runs for a client saved in this browser, per-item notes, progress, print,
 * Markdown, CSV, spreadsheet and Word files, and run files to move a run to another device. This
 * file wires one sheet together; model.js, store.js, render.js, print.js, exports.js and office.js
 * (loaded before it, only on checklist pages: overrides/main.html) do the work. Without scripts
 * a checklist still works: real checkboxes, printable, nothing saved.
 * A page holds one checklist. Loading a page never changes what a reader has saved: a page
 * with two checklist roots or a root without items sets none up and says so. */
(function (ns) {
  "use strict";
  var model = ns.model;
  var render = ns.render;
  var store = ns.store.createStore(function () { return window.localStorage; });
  var own = Object.prototype.hasOwnProperty;

  function elements(root) {
    var get = function (role) { return root.querySelector("[data-role=" + role + "]"); };
    return { controls: get("controls"), panel: get("run-panel"), summary: get("run-summary"),
             select: get("run-select"), progress: get("progress"), notice: get("notice"), form: get("new-run"),
             runName: get("run-name"), importer: get("import"), bar: get("bar"), barRun: get("bar-run"),
             barProgress: get("bar-progress"), fields: root.querySelectorAll("[data-run-field]") };
  }

  function setUp(root) {
    root.dataset.ready = "true"; // handbook.css: the folding parts may now fold
    var items = Array.prototype.slice.call(root.querySelectorAll(".msp-checklist__item[data-item]"));
    var stamp = document.getElementById(root.id + "-stamp");
    var sheet = {
      root: root, id: root.dataset.checklist, items: items, el: elements(root),
      boxes: items.map(function (item) { return item.querySelector("input[type=checkbox][data-item]"); }),
      known: new Set(items.map(function (item) { return item.dataset.item; })),
      internal: root.dataset.internal === "true", stamp: stamp,
      stampRules: stamp && stamp.sheet ? stamp.sheet.cssRules.length : 0
    };
    var loaded = store.load(sheet.id, sheet.known);
    var storageWorks = loaded.storage && store.works(sheet.id);
    var warning = "";
    var toldUnnamed = false;
    sheet.state = loaded.state;
    sheet.run = function () { return sheet.state.runs.get(sheet.state.current); };
    if (!loaded.storage) warning = "This browser does not let the page save: ticks and notes will be lost when you leave it. Export the run to keep it.";
    else if (!storageWorks) warning = "Your browser refused to save (its storage is full or turned off): ticks and notes will be lost when you leave this page. Export the run to keep it.";

    function record(itemId) {
      var current = sheet.run();
      if (!current.items.has(itemId)) current.items.set(itemId, model.emptyRecord());
      return current.items.get(itemId);
    }

    function announce(message) {
      // The notice is a polite live region; a storage warning stays until saving works again.
      var parts = [warning, message].filter(Boolean);
      sheet.el.notice.textContent = parts.join(" ");
      sheet.el.notice.classList.toggle("msp-checklist__notice--warning", Boolean(warning));
    }

    function save() {
      var ok = store.save(sheet.id, sheet.state);
      if (ok === storageWorks) return;
      storageWorks = ok;
      warning = ok ? "" : "Your browser refused to save (its storage is full or turned off): ticks and notes will be lost when you leave this page. Export the run to keep it.";
      announce(ok ? "Saving works again." : "");
    }

    function switchTo(name) {
      if (name === sheet.state.current) return;
      sheet.state.previous = sheet.state.current;
      sheet.state.current = name;
    }

    /* A new name for the current run, kept in its place in the list. */
    function rename(input) {
      var current = sheet.run();
      var name = model.cleanName(input.value);
      if (!name || name === current.name) { input.value = current.name; return; }
      if (sheet.state.runs.has(name)) {
        input.value = current.name;
        announce("There is already a run called \u201c" + name + "\u201d: the name was left as it was.");
        return;
      }
      var runs = new Map();
      sheet.state.runs.forEach(function (run, key) { runs.set(key === current.name ? name : key, run); });
      current.name = name;
      sheet.state.runs = runs;
      if (sheet.state.previous === sheet.state.current) sheet.state.previous = name;
      sheet.state.current = name;
      save();
      render.paint(sheet);
      announce("Run renamed \u201c" + name + "\u201d.");
    }

    function importRun(file) {
      if (file.size > model.LIMITS.file) {
        announce("Import failed: " + file.name + " is too large to be a run file.");
        return;
      }
      file.text().then(function (body) {
        var result = model.readRunFile(body, sheet.id, sheet.known);
        if (result.error) {
          announce("Import failed: " + file.name + " cannot be used because " + result.error);
          return;
        }
        var imported = result.run;
        if (sheet.state.runs.has(imported.name) &&
            !window.confirm("Replace the run \u201c" + imported.name + "\u201d on this device with the one in the file?")) {
          announce("Import cancelled: the run \u201c" + imported.name + "\u201d was left as it was.");
          return;
        }
        sheet.state.runs.set(imported.name, imported);
        switchTo(imported.name);
        save();
        render.paint(sheet);
        announce("Run \u201c" + imported.name + "\u201d imported." +
          (result.unknown ? " " + result.unknown + " items not on this version of the checklist were left out." : ""));
      }, function () { announce("Import failed: the file could not be read."); });
    }

    var actions = {
      "reset": function () {
        if (!window.confirm("Clear every tick, note and time of the run \u201c" + sheet.state.current + "\u201d?")) return;
        sheet.run().items = new Map();
        save();
        render.paint(sheet);
        announce("Ticks cleared.");
      },
      "delete-run": function () {
        var state = sheet.state;
        if (!window.confirm("Delete the run \u201c" + state.current + "\u201d with its ticks and notes?")) return;
        state.runs.delete(state.current);
        if (!state.runs.size) state.runs.set(model.UNNAMED_RUN, model.newRun(model.UNNAMED_RUN));
        // Back to the run the technician was on before this one.
        state.current = state.runs.has(state.previous) ? state.previous : state.runs.keys().next().value;
        state.previous = "";
        save();
        render.paint(sheet);
        announce("Run deleted; back to the run \u201c" + state.current + "\u201d.");
      },
      "print-blank": function () { ns.print.print(sheet, true); },
      "print-ticks": function () { ns.print.print(sheet, false); },
      "copy-markdown": function () {
        ns.exports.copy(ns.exports.markdown(sheet)).then(function () { announce("Copied as Markdown."); },
          function () { announce("Copying failed: your browser refused."); });
      },
      "download-csv": function () {
        ns.exports.downloadCsv(sheet);
        announce("CSV downloaded.");
      },
      "download-xlsx": function () { officeFile("xlsx", "spreadsheet"); },
      "download-docx": function () { officeFile("docx", "Word file"); },
      "export-run": function () {
        ns.exports.downloadRun(sheet);
        announce("Run exported: open the file with \u201cImport a run\u201d on the other device.");
      }
    };

    /* The spreadsheet or the Word file: its library loads on this first click (office.js). */
    function officeFile(kind, what) {
      var button = sheet.root.querySelector("button[data-action=download-" + kind + "]");
      if (button.getAttribute("aria-disabled") === "true") return;
      button.setAttribute("aria-disabled", "true");
      announce("Preparing the " + what + "\u2026");
      var made = kind === "xlsx" ? ns.office.downloadXlsx(sheet) : ns.office.downloadDocx(sheet);
      made.then(function () { announce(what.charAt(0).toUpperCase() + what.slice(1) + " downloaded."); },
        function () { announce("The " + what + " could not be made (its script did not load or failed). Download CSV works without it."); })
        .then(function () { button.removeAttribute("aria-disabled"); });
    }

    function tick(target) {
      var rec = record(target.dataset.item);
      rec.done = target.checked;
      // A tick records when and by whom, both editable under the item; unticking forgets when.
      if (target.checked) {
        if (!rec.at) rec.at = model.now();
        if (!rec.by) rec.by = sheet.run().runBy;
      } else {
        rec.at = "";
      }
      save();
      render.paintItem(sheet, target.closest(".msp-checklist__item"));
      render.show(sheet);
      if (target.checked && !toldUnnamed && sheet.run().name === model.UNNAMED_RUN) {
        toldUnnamed = true;
        announce("Ticks go into the \u201c" + model.UNNAMED_RUN + "\u201d: name it" +
          (sheet.internal ? "" : " and give the client") + " under Run, or create a run for it.");
      }
    }

    sheet.items.forEach(function (item) { render.addRecordControls(sheet, item); });

    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button && own.call(actions, button.dataset.action)) actions[button.dataset.action]();
    });
    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target === sheet.el.select) {
        if (sheet.state.runs.has(target.value)) switchTo(target.value);
        save();
        render.paint(sheet);
      } else if (target === sheet.el.importer) {
        if (target.files && target.files[0]) importRun(target.files[0]);
        target.value = "";
      } else if (target.dataset.runField === "name") {
        rename(target);
      } else if (target.matches("input[type=checkbox][data-item]")) {
        tick(target);
      }
    });
    root.addEventListener("input", function (event) {
      var target = event.target;
      if (target.dataset.itemField) {
        var item = target.closest(".msp-checklist__item");
        var field = target.dataset.itemField;
        if (field === "at" && target.value && !model.DATE_TIME.test(target.value)) return;
        if (field === "due" && target.value && !model.DATE.test(target.value)) return;
        record(item.dataset.item)[field] = target.value;
        save();
        render.paintLine(sheet, item);
      } else if (target.dataset.runField && target.dataset.runField !== "name") {
        var runField = target.dataset.runField;
        if (runField === "started" && !model.DATE.test(target.value)) return;
        sheet.run()[runField] = target.value;
        save();
        render.paintSummary(sheet);
        ns.print.facts(sheet);
      }
    });
    sheet.el.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = model.cleanName(sheet.el.runName.value);
      if (!name) return;
      if (!sheet.state.runs.has(name)) sheet.state.runs.set(name, model.newRun(name));
      switchTo(name);
      save();
      sheet.el.runName.value = "";
      render.paint(sheet);
      announce("Run \u201c" + name + "\u201d selected.");
    });

    // The PDF sits beside the site's pages (the deploy runs `make pdf`): resolve it from
    // the site's root. No probe request: a 404 would log a console error on local builds.
    var pdf = root.querySelector("[data-role=pdf-link]");
    if (pdf && window.__md_scope) pdf.href = new URL(root.dataset.pdf, window.__md_scope).href;

    ns.print.foldForPhone(sheet);
    sheet.el.controls.hidden = false;
    followControls(sheet);
    render.paint(sheet);
    var kept = loaded.unknown ? loaded.unknown + (loaded.unknown === 1 ? " saved entry is" : " saved entries are") +
      " for items this version of the checklist does not show; they were kept as they were." : "";
    announce([loaded.problem, kept].filter(Boolean).join(" "));
  }

  /* The bar with the run and its progress shows once the run controls have scrolled away. */
  function followControls(sheet) {
    if (!sheet.el.bar || !window.IntersectionObserver) return;
    var header = document.querySelector(".md-header");
    var top = header ? header.offsetHeight : 0;
    new IntersectionObserver(function (entries) {
      var away = !entries[entries.length - 1].isIntersecting;
      sheet.el.bar.classList.toggle("msp-checklist__bar--shown", away);
    }, { rootMargin: "-" + top + "px 0px 0px 0px" }).observe(sheet.el.controls);
  }

  /* A root this script will not run: its notice (if it has one) says why; nothing is read or saved. */
  function refuse(root, reason) {
    var controls = root.querySelector("[data-role=controls]");
    var notice = root.querySelector("[data-role=notice]");
    if (!controls || !notice) return;
    Array.prototype.forEach.call(controls.children, function (child) { if (child !== notice) child.hidden = true; });
    notice.textContent = reason + " Nothing is saved on this page; the runs saved for this checklist were left untouched.";
    notice.classList.add("msp-checklist__notice--warning");
    controls.hidden = false;
    root.dataset.ready = "ignored";
  }

  function setUpAll() {
    var roots = document.querySelectorAll(".msp-checklist[data-checklist]");
    if (roots.length > 1) {
      roots.forEach(function (root) { refuse(root, "This page holds " + roots.length + " checklists where there should be one, so their ticks are ignored."); });
    } else if (roots.length === 1 && !roots[0].querySelector(".msp-checklist__item[data-item]")) {
      refuse(roots[0], "This checklist shows no items, so it was ignored.");
    } else if (roots.length === 1) {
      setUp(roots[0]);
    }
  }

  // A task of its own, after Material's bundle has mounted the page on DOMContentLoaded, so
  // that a phone's main thread is not held by one long task for both (the controls hold their
  // place, hidden, until then).
  function start() { setTimeout(setUpAll, 0); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window.mspChecklists);
