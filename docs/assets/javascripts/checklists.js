/* Checklists: ticks saved in this browser, named runs, progress, print, copy and CSV.
 * Without this script a checklist still works: real checkboxes, printable, nothing saved.
 * Loaded only on checklist pages (overrides/main.html); Material's instant navigation
 * may run it again on each arrival, so it sets itself up once and then follows document$. */
(function () {
  "use strict";
  if (window.mspChecklists) return;
  window.mspChecklists = { version: 1 };

  var PREFIX = "msp-playbook/checklist/";
  var DEFAULT_RUN = "Default"; // also the first option in macros/templates/checklist.html.j2
  var memory = {}; // used when localStorage is blocked (private mode, strict settings)

  /* Saved state of one checklist: {current: run name, runs: {name: {ticked: [item ids]}}}. */
  function load(id) {
    var raw = null;
    try { raw = window.localStorage.getItem(PREFIX + id); } catch (e) { raw = memory[id] || null; }
    var state = null;
    try { state = raw ? JSON.parse(raw) : null; } catch (e) { state = null; }
    if (!state || typeof state !== "object" || !state.runs || typeof state.runs !== "object") {
      state = { current: DEFAULT_RUN, runs: {} };
    }
    if (!Object.keys(state.runs).length) state.runs[DEFAULT_RUN] = { ticked: [] };
    if (!state.runs[state.current]) state.current = Object.keys(state.runs)[0];
    return state;
  }

  function save(id, state) {
    var raw = JSON.stringify(state);
    try { window.localStorage.setItem(PREFIX + id, raw); } catch (e) { memory[id] = raw; }
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

  function slug(value) {
    return value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "run";
  }

  function setUp(root) {
    if (root.dataset.ready === "true") return;
    root.dataset.ready = "true";
    var id = root.dataset.checklist;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox][data-item]"));
    var controls = root.querySelector("[data-role=controls]");
    var select = root.querySelector("[data-role=run-select]");
    var progress = root.querySelector("[data-role=progress]");
    var newRun = root.querySelector("[data-role=new-run]");
    var runName = root.querySelector("[data-role=run-name]");
    var state = load(id);

    function ticked() {
      return state.runs[state.current].ticked;
    }

    function show(message) {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      var count = done + " of " + boxes.length + " done";
      progress.textContent = message ? count + ". " + message : count;
    }

    function paint() {
      var set = ticked();
      boxes.forEach(function (box) { box.checked = set.indexOf(box.dataset.item) !== -1; });
      select.textContent = "";
      Object.keys(state.runs).forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        option.selected = name === state.current;
        select.appendChild(option);
      });
      show();
    }

    function rows() {
      var out = [];
      root.querySelectorAll(".msp-checklist__section").forEach(function (section) {
        var heading = section.dataset.title;
        var phase = section.closest("[data-phase]");
        section.querySelectorAll(".msp-checklist__item").forEach(function (item) {
          var box = item.querySelector("input[type=checkbox]");
          out.push({ phase: phase ? phase.dataset.phase : "", section: heading, id: item.dataset.item,
                     task: text(item.querySelector("label")), owner: item.dataset.owner || "",
                     minutes: item.dataset.minutes || "", detail: detailText(item),
                     clientNote: text(item.querySelector("[data-role=client-note]")), done: box.checked });
        });
      });
      return out;
    }

    function markdown() {
      var lines = ["# " + root.dataset.title, "",
                   "Version " + root.dataset.version + ", run: " + state.current, ""];
      var last = null;
      rows().forEach(function (row) {
        if (row.section !== last) {
          if (last !== null) lines.push("");
          lines.push("## " + row.section, "");
          last = row.section;
        }
        lines.push("- [" + (row.done ? "x" : " ") + "] " + row.task + (row.detail ? " — " + row.detail : ""));
      });
      lines.push("", "Source: " + location.href.split("#")[0]);
      return lines.join("\n") + "\n";
    }

    function csv() {
      var lines = [["Phase", "Section", "Item ID", "Task", "Owner", "Minutes", "Detail", "Client note", "Done"].join(",")];
      rows().forEach(function (row) {
        lines.push([row.phase, row.section, row.id, row.task, row.owner, row.minutes, row.detail,
                    row.clientNote, row.done ? "yes" : "no"].map(csvCell).join(","));
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
      window.addEventListener("afterprint", function () {
        root.classList.remove("msp-checklist--blank");
      }, { once: true });
      window.print();
    }

    var actions = {
      "reset": function () {
        if (!window.confirm("Clear every tick of the run \u201c" + state.current + "\u201d?")) return;
        state.runs[state.current].ticked = [];
        save(id, state);
        paint();
        show("Ticks cleared.");
      },
      "delete-run": function () {
        if (!window.confirm("Delete the run \u201c" + state.current + "\u201d and its ticks?")) return;
        delete state.runs[state.current];
        if (!Object.keys(state.runs).length) state.runs[DEFAULT_RUN] = { ticked: [] };
        state.current = Object.keys(state.runs)[0];
        save(id, state);
        paint();
        show("Run deleted.");
      },
      "print-blank": function () { print(true); },
      "print-ticks": function () { print(false); },
      "copy-markdown": function () {
        copy(markdown()).then(function () { show("Copied as Markdown."); },
                              function () { show("Copying failed: your browser refused."); });
      },
      "download-csv": function () {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
        link.download = id + "-" + slug(state.current) + ".csv";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
        show("CSV downloaded.");
      }
    };

    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button && actions[button.dataset.action]) actions[button.dataset.action]();
    });
    root.addEventListener("change", function (event) {
      var box = event.target;
      if (box === select) {
        state.current = select.value;
        save(id, state);
        paint();
        return;
      }
      if (!box.matches("input[type=checkbox][data-item]")) return;
      var set = ticked().filter(function (item) { return item !== box.dataset.item; });
      if (box.checked) set.push(box.dataset.item);
      state.runs[state.current].ticked = set;
      save(id, state);
      show();
    });
    newRun.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = runName.value.replace(/\s+/g, " ").trim();
      if (!name) return;
      if (!state.runs[name]) state.runs[name] = { ticked: [] };
      state.current = name;
      save(id, state);
      runName.value = "";
      paint();
      show("Run \u201c" + name + "\u201d selected.");
    });

    // The PDF sits beside the site's pages (the deploy runs `make pdf`): resolve it from
    // the site's root. No probe request: a 404 would log a console error on local builds.
    var pdf = root.querySelector("[data-role=pdf-link]");
    if (pdf && window.__md_scope) {
      pdf.href = new URL(root.dataset.pdf, window.__md_scope).href;
    }

    controls.hidden = false;
    paint();
  }

  function setUpAll() {
    document.querySelectorAll(".msp-checklist[data-checklist]").forEach(setUp);
  }

  // Follow Material's page loads, which instant navigation repeats without reloading this
  // script. On a full load this file runs before Material's bundle has made document$, so it
  // waits for DOMContentLoaded, by which time the bundle has. Without the bundle: once.
  function follow() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUpAll);
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
