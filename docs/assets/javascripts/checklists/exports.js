/* Checklists, exports: the run as Markdown (copied), as CSV and as a run file (downloaded). */
(function (ns) {
  "use strict";
  var model = ns.model;
  var render = ns.render;
  var BOM = "\ufeff"; // so that Excel reads the CSV as UTF-8 (en dashes, accents)

  /* The visible detail of an item, without the screen-reader-only "Read more" link. */
  function detailText(item) {
    var detail = item.querySelector(".msp-checklist__detail");
    if (!detail) return "";
    var copy = detail.cloneNode(true);
    copy.querySelectorAll(".msp-checklist__link").forEach(function (n) { n.remove(); });
    return render.text(copy);
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

  function rows(sheet) {
    var out = [];
    var current = sheet.run();
    sheet.root.querySelectorAll(".msp-checklist__section").forEach(function (section) {
      var heading = section.dataset.title;
      var phase = section.closest("[data-phase]");
      section.querySelectorAll(".msp-checklist__item").forEach(function (item) {
        var rec = current.items.get(item.dataset.item) || model.emptyRecord();
        out.push({ phase: phase ? phase.dataset.phase : "", section: heading, id: item.dataset.item,
                   task: render.text(item.querySelector("label")), owner: item.dataset.owner || "",
                   minutes: item.dataset.minutes || "", detail: detailText(item),
                   clientNote: render.text(item.querySelector("[data-role=client-note]")),
                   controls: item.dataset.controls || "", done: rec.done,
                   at: render.when(rec.at), by: rec.by, note: rec.note, due: rec.due, assignee: rec.assignee });
      });
    });
    return out;
  }

  function markdown(sheet) {
    var current = sheet.run();
    var root = sheet.root;
    var lines = ["# " + root.dataset.title, "", "- Version: " + root.dataset.version, "- Run: " + current.name];
    if (current.client) lines.push("- Client: " + current.client);
    if (current.runBy) lines.push("- Run by: " + current.runBy);
    lines.push("- Started: " + current.started, "- Exported: " + render.when(model.now()), "");
    var phase = null;
    var section = null;
    rows(sheet).forEach(function (row) {
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
      if (row.assignee) meta.push("assigned to " + row.assignee);
      if (row.due) meta.push("due " + row.due);
      lines.push("  " + meta.join("; "));
      if (row.note) lines.push("  Note: " + row.note.replace(/\s*\n\s*/g, " "));
      if (row.clientNote) lines.push("  Tell the client: " + row.clientNote);
      lines.push("");
    });
    lines.push("Source: " + location.href.split("#")[0]);
    return lines.join("\n") + "\n";
  }

  function csv(sheet) {
    var current = sheet.run();
    var lines = [["Run", "Client", "Run by", "Started", "Phase", "Section", "Item ID", "Task", "Owner",
                  "Minutes", "Detail", "Client note", "Helps meet", "Done", "Done at", "Done by", "Note",
                  "Assigned to", "Due"].join(",")];
    rows(sheet).forEach(function (row) {
      lines.push([current.name, current.client, current.runBy, current.started, row.phase, row.section,
                  row.id, row.task, row.owner, row.minutes, row.detail, row.clientNote, row.controls,
                  row.done ? "yes" : "no", row.at, row.by, row.note, row.assignee, row.due].map(csvCell).join(","));
    });
    return BOM + lines.join("\r\n") + "\r\n";
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

  function downloadCsv(sheet) {
    download(sheet.id + "-" + slug(sheet.state.current) + ".csv", "text/csv;charset=utf-8", csv(sheet));
  }

  function downloadRun(sheet) {
    var body = model.runFile(sheet.id, sheet.root.dataset.version, sheet.run());
    download(sheet.id + "-" + slug(sheet.state.current) + ".json", "application/json",
             JSON.stringify(body, null, 2) + "\n");
  }

  /* rows, slug and download are shared with office.js (the spreadsheet and the Word file). */
  ns.exports = { markdown: markdown, copy: copy, downloadCsv: downloadCsv, downloadRun: downloadRun,
                 rows: rows, slug: slug, download: download };
})(window.mspChecklists);
