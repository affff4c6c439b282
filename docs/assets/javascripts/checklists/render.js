/* Checklists, rendering: the sheet painted from the current run (boxes, each item's record
 * line and form, the run list and fields, progress). `sheet` is the object made in sheet.js. */
(function (ns) {
  "use strict";
  var model = ns.model;

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* "2026-11-29T14:05" as "2026-11-29 14:05": unambiguous in every locale. */
  function when(value) {
    return value ? value.replace("T", " ") : "";
  }

  function show(sheet) {
    var done = sheet.boxes.filter(function (b) { return b.checked; }).length;
    sheet.el.progress.textContent = done + " of " + sheet.boxes.length + " done";
    sheet.el.barProgress.textContent = done + " of " + sheet.boxes.length;
  }

  function summaryText(run) {
    return run.name + (run.client ? " \u2013 " + run.client : "");
  }

  function recordLine(sheet, itemId) {
    var rec = sheet.run().items.get(itemId);
    if (!rec) return "";
    var parts = [];
    if (rec.done || rec.at || rec.by) {
      parts.push((rec.done ? "Done" : "Not done") + (rec.at ? " " + when(rec.at) : "") + (rec.by ? " by " + rec.by : ""));
    }
    if (rec.assignee || rec.due) {
      parts.push("Assigned" + (rec.assignee ? " to " + rec.assignee : "") + (rec.due ? ", due " + rec.due : ""));
    }
    if (rec.note) parts.push("Note: " + rec.note);
    return parts.join(". ");
  }

  function paintLine(sheet, item) {
    var line = item.querySelector("[data-role=record-line]");
    line.textContent = recordLine(sheet, item.dataset.item);
    line.hidden = !line.textContent;
  }

  function paintItem(sheet, item) {
    var rec = sheet.run().items.get(item.dataset.item) || model.emptyRecord();
    item.querySelector("input[type=checkbox][data-item]").checked = rec.done;
    item.querySelectorAll("[data-item-field]").forEach(function (input) {
      if (input.value !== rec[input.dataset.itemField]) input.value = rec[input.dataset.itemField];
    });
    paintLine(sheet, item);
  }

  function paintSummary(sheet) {
    var label = summaryText(sheet.run());
    sheet.el.summary.textContent = label;
    sheet.el.barRun.textContent = label;
  }

  function paint(sheet) {
    sheet.items.forEach(function (item) { paintItem(sheet, item); });
    var select = sheet.el.select;
    select.textContent = "";
    sheet.state.runs.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.name;
      option.textContent = r.name;
      option.selected = r.name === sheet.state.current;
      select.appendChild(option);
    });
    var current = sheet.run();
    sheet.el.fields.forEach(function (input) { input.value = current[input.dataset.runField]; });
    paintSummary(sheet);
    ns.print.facts(sheet);
    show(sheet);
  }

  var RECORD_FIELDS = [["by", "Done by", "input", "text"], ["at", "When", "input", "datetime-local"],
                       ["assignee", "Assigned to", "input", "text"], ["due", "Due", "input", "date"],
                       ["note", "Note", "textarea", ""]];

  /* Note, who and when for one item: folded under the item, made here so that without
   * the script the sheet stays a plain list of boxes. The fields are made when the record
   * is first opened, so a long sheet starts without a form per item. */
  function addRecordControls(sheet, item) {
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
      if (details.open && !details.querySelector(".msp-checklist__record-form")) addRecordForm(sheet, item, details);
    });
    item.appendChild(line);
    item.appendChild(details);
  }

  function addRecordForm(sheet, item, details) {
    var base = sheet.root.id + "-" + item.dataset.item;
    var form = document.createElement("div");
    form.className = "msp-checklist__record-form";
    RECORD_FIELDS.forEach(function (spec) {
      var label = document.createElement("label");
      label.htmlFor = base + "-" + spec[0];
      label.textContent = spec[1];
      var input = document.createElement(spec[2]);
      if (spec[3]) input.type = spec[3];
      if (spec[2] === "textarea") input.rows = 2;
      input.id = base + "-" + spec[0];
      input.dataset.itemField = spec[0];
      if (model.LIMITS[spec[0]]) input.maxLength = model.LIMITS[spec[0]];
      form.appendChild(label);
      form.appendChild(input);
    });
    details.appendChild(form);
    paintItem(sheet, item);
  }

  ns.render = {
    text: text, when: when, show: show, paint: paint, paintItem: paintItem, paintLine: paintLine,
    paintSummary: paintSummary, addRecordControls: addRecordControls
  };
})(window.mspChecklists);
