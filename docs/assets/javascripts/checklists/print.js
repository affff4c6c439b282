/* Checklists, print: the run's facts and sign-off on paper, and the two print buttons.
 * An untouched unnamed run prints as a blank sheet (as `make pdf` prints it). */
(function (ns) {
  "use strict";
  var model = ns.model;
  var BLANK = "__________________";

  /* Text as a quoted CSS string, as css_string in macros/checklists.py writes it. */
  function cssString(value) {
    return '"' + String(value).replace(/[^A-Za-z0-9 ]/g, function (c) {
      return "\\" + c.charCodeAt(0).toString(16) + " ";
    }) + '"';
  }

  function itemIds(sheet) {
    return sheet.items.map(function (item) { return item.dataset.item; });
  }

  /* The printed facts and sign-off of the current run; blank when printing blank or unused. */
  function facts(sheet) {
    var root = sheet.root;
    var current = sheet.run();
    var blank = root.classList.contains("msp-checklist--blank");
    var used = model.inUse(current) && !blank;
    var completed = model.completedOn(current, itemIds(sheet));
    var values = { client: current.client, run: current.name, "run-by": current.runBy, started: current.started,
                   completed: completed };
    Object.keys(values).forEach(function (key) {
      var node = root.querySelector("[data-print=" + key + "]");
      if (!node) return;
      node.textContent = values[key];
      node.closest("div").hidden = !used || !values[key];
    });
    // The sign-off at the foot of each printed page, filled from the run: the date is the
    // day the run was completed (its last tick), not the day it is printed.
    var stamp = sheet.stamp;
    if (!stamp || !stamp.sheet) return;
    var rules = stamp.sheet;
    while (rules.cssRules.length > sheet.stampRules) rules.deleteRule(rules.cssRules.length - 1);
    if (!used) return;
    var line = (sheet.internal ? "" : "Client: " + (current.client || BLANK) + "   ") +
      "Completed by: " + (current.runBy || BLANK) + "   Checked by: " + BLANK + "\n" +
      (sheet.internal ? "" : "Client contact: " + BLANK + "   ") +
      "Date: " + (completed || "____________") + "   Signature: " + BLANK;
    try {
      rules.insertRule("@page { @bottom-left { content: " + cssString(line) + "; } }", rules.cssRules.length);
    } catch (e) { /* a browser without margin boxes keeps the blank line */ }
  }

  function print(sheet, blank) {
    sheet.root.classList.toggle("msp-checklist--blank", blank);
    facts(sheet);
    window.addEventListener("afterprint", function () {
      sheet.root.classList.remove("msp-checklist--blank");
      facts(sheet);
    }, { once: true });
    window.print();
  }

  /* Folded on a phone so the first item is on the first screen; the facts open for printing. */
  function foldForPhone(sheet) {
    var about = sheet.root.querySelector("[data-role=about]");
    if (!window.matchMedia || window.matchMedia("(min-width: 60em)").matches) return;
    sheet.el.panel.open = false;
    about.open = false;
    window.addEventListener("beforeprint", function () {
      var wasOpen = about.open;
      about.open = true;
      window.addEventListener("afterprint", function () { about.open = wasOpen; }, { once: true });
    });
  }

  ns.print = { facts: facts, print: print, foldForPhone: foldForPhone };
})(window.mspChecklists);
