/* Sort and filter the large tables of a page (the tool directory and other long lists).
 *
 * Progressive enhancement: without JavaScript the table is complete and readable. The build
 * (macros/tabletools.py) decides which tables are large and puts their filter controls,
 * hidden, right before them; this file makes the headers sortable (vendored Tablesort) and
 * wires up the controls. overrides/main.html loads it only on pages with such a table, right
 * after Tablesort.
 */
(function () {
  "use strict";

  function text(node) {
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  // The table a box was built for: the next element, or the table inside the scrolling
  // wrapper Material puts around it once the page has loaded.
  function tableAfter(box) {
    var next = box.nextElementSibling;
    if (!next) return null;
    return next.matches("table") ? next : next.querySelector("table");
  }

  function wire(box, table) {
    var rows = table.tBodies.length ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
    var search = box.querySelector("input[type=search]");
    // One select per category or status column (macros/tabletools.py); a row shows when it
    // has every chosen value, in the column each select names, and every typed word.
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-column]"));
    var status = box.querySelector("[role=status]");

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = selects.filter(function (select) { return select.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = text(row).toLowerCase();
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; }) &&
          chosen.every(function (select) {
            var cell = row.cells[+select.getAttribute("data-column")];
            return cell && text(cell) === select.value;
          });
        row.hidden = !match;
        if (match) shown++;
      });
      status.textContent = shown === rows.length
        ? rows.length + " rows"
        : "Showing " + shown + " of " + rows.length + " rows";
    }
    search.addEventListener("input", apply);
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    // Filter now only if the browser restored a value (back navigation): an empty filter
    // shows every row, and reading each row's text would cost a long table's first load.
    if (search.value || selects.some(function (select) { return select.value; })) apply();
    else status.textContent = rows.length + " rows";
    box.hidden = false;
  }

  function enhance() {
    var boxes = document.querySelectorAll("article .table-filter[data-table-filter]");
    Array.prototype.forEach.call(boxes, function (box) {
      var table = tableAfter(box);
      if (!table || table.hasAttribute("data-table-tools")) return;
      table.setAttribute("data-table-tools", "");
      // A cell that folds notes under its name (the tool directory) sorts by the name alone.
      Array.prototype.forEach.call(table.querySelectorAll("tbody td > details"), function (details) {
        var cell = details.parentNode, copy = cell.cloneNode(true);
        copy.removeChild(copy.querySelector(":scope > details"));
        cell.setAttribute("data-sort", text(copy));
      });
      if (window.Tablesort) new window.Tablesort(table);
      wire(box, table);
    });
  }

  // Tablesort is loaded just before this file, in document order.
  enhance();
})();
