/* Sort and filter the large tables of a page (the tool directory and other generated lists).
 *
 * Progressive enhancement: without JavaScript the table is complete and readable. With it,
 * each large table gets sortable column headers (vendored Tablesort) and, above it, a free-text
 * filter plus a select for a "Category"-like column. overrides/main.html loads this file only
 * on pages with enough table rows, inside Material's container, so instant navigation runs it
 * again on every arrival.
 */
(function () {
  "use strict";

  var MIN_ROWS = 8; // smaller tables are read at a glance
  var CATEGORY_HEADER = /^(category|categories|type|kind|part)$/i;
  var counter = 0;

  function text(node) {
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  function bodyRows(table) {
    return table.tBodies.length ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  }

  function categoryColumn(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return -1;
    for (var i = 0; i < head.cells.length; i++) {
      if (CATEGORY_HEADER.test(text(head.cells[i]))) return i;
    }
    return -1;
  }

  function element(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Controls the page was built with (macros/templates/table_filter.html.j2) sit right before
  // the table; they already hold their place on screen, so using them shifts nothing.
  function preparedBox(table) {
    var before = (table.closest(".md-typeset__scrollwrap") || table).previousElementSibling;
    return before && before.matches(".table-filter[data-table-filter]") ? before : null;
  }

  function builtBox(table, rows, column) {
    var id = "table-filter-" + (++counter);
    var fields = [element("div", { class: "table-filter__field" }, [
      element("label", { for: id + "-text" }, ["Filter rows"]),
      element("input", {
        type: "search", id: id + "-text", class: "md-input table-filter__text", autocomplete: "off",
        placeholder: "Type to filter"
      })
    ])];
    if (column >= 0) {
      var header = text(table.tHead.rows[0].cells[column]);
      var values = {};
      rows.forEach(function (row) {
        var cell = row.cells[column];
        if (cell) values[text(cell)] = true;
      });
      var select = element("select", { id: id + "-category", class: "table-filter__select" },
        [element("option", { value: "" }, ["All"])]);
      Object.keys(values).sort().forEach(function (value) {
        select.appendChild(element("option", { value: value }, [value]));
      });
      fields.unshift(element("div", { class: "table-filter__field" }, [
        element("label", { for: id + "-category" }, [header]), select
      ]));
    }
    var status = element("p", { class: "table-filter__status", role: "status", "aria-live": "polite" });
    var box = element("div", { class: "table-filter", role: "search", "aria-label": "Filter the table below" },
      fields.concat([status]));
    var wrapper = table.closest(".md-typeset__table") || table;
    wrapper.parentNode.insertBefore(box, wrapper);
    return box;
  }

  function addFilter(table) {
    var rows = bodyRows(table);
    var column = categoryColumn(table);
    var box = preparedBox(table) || builtBox(table, rows, column);
    var search = box.querySelector("input[type=search]");
    var select = column >= 0 ? box.querySelector("select") : null;
    var status = box.querySelector("[role=status]");
    box.hidden = false;

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var category = select ? select.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = text(row).toLowerCase();
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; }) &&
          (!category || (row.cells[column] && text(row.cells[column]) === category));
        row.hidden = !match;
        if (match) shown++;
      });
      status.textContent = shown === rows.length
        ? rows.length + " rows"
        : "Showing " + shown + " of " + rows.length + " rows";
    }
    search.addEventListener("input", apply);
    if (select) select.addEventListener("change", apply);
    apply();
  }

  function enhance() {
    var tables = document.querySelectorAll("article table:not([data-table-tools])");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.tHead || bodyRows(table).length < MIN_ROWS) return;
      table.setAttribute("data-table-tools", "");
      if (window.Tablesort) new window.Tablesort(table);
      addFilter(table);
    });
  }

  // Tablesort is loaded just before this file; under instant navigation both are inserted
  // at once and may finish in either order, so wait for it when it is not there yet.
  if (window.Tablesort) {
    enhance();
  } else {
    var library = document.querySelector("script[src*='tablesort']");
    if (library) library.addEventListener("load", enhance);
    else enhance();
  }
})();
