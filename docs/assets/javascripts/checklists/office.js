/* Checklists, office files: the current run as a spreadsheet (.xlsx, ExcelJS) and as a Word
 * file (.docx, the docx library), both made in the browser. The two libraries are large, so
 * neither is part of the page: the first click on its button adds a <script> for it, from the
 * site's own folder (assets/vendor/, copied by `make vendor`; the addresses come from
 * mkdocs.yml extra.vendor through this script's data-exceljs and data-docx attributes). */
(function (ns) {
  "use strict";
  var model = ns.model;
  var render = ns.render;
  var exportsApi = ns.exports;
  var me = document.currentScript;
  var LIBRARIES = {
    exceljs: { url: me && me.dataset.exceljs, global: "ExcelJS", ready: function (lib) { return lib && lib.Workbook; } },
    docx: { url: me && me.dataset.docx, global: "docx", ready: function (lib) { return lib && lib.Packer; } }
  };
  var XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  var loading = {};

  /* The library's global once its script has run; one request however often the reader clicks. */
  function load(name) {
    var lib = LIBRARIES[name];
    if (lib.ready(window[lib.global])) return Promise.resolve(window[lib.global]);
    if (!lib.url) return Promise.reject(new Error("no address for " + name));
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(lib.url, document.baseURI).href;
        script.dataset.library = name;
        script.onload = function () {
          if (lib.ready(window[lib.global])) resolve(window[lib.global]);
          else reject(new Error(name + " loaded but did not start"));
        };
        script.onerror = function () {
          delete loading[name]; // a later click tries again (the connection may be back)
          script.remove();
          reject(new Error(name + " could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  /* The run's facts, in the order both files show them. */
  function facts(sheet) {
    var current = sheet.run();
    var completed = model.completedOn(current, sheet.items.map(function (item) { return item.dataset.item; }));
    var list = [["Checklist", sheet.root.dataset.title], ["Version", sheet.root.dataset.version]];
    if (!sheet.internal) list.push(["Client", current.client]);
    list.push(["Run", current.name], ["Run by", current.runBy], ["Started", current.started],
              ["Completed", completed], ["Exported", render.when(model.now())],
              ["Source", location.href.split("#")[0]]);
    return { list: list, completed: completed };
  }

  function fileName(sheet, extension) {
    return sheet.id + "-" + exportsApi.slug(sheet.state.current) + "." + extension;
  }

  /* One worksheet: the facts on top, then a row per item; Status is a drop-down of model.STATUSES. */
  function workbook(ExcelJS, sheet) {
    var book = new ExcelJS.Workbook();
    book.creator = "The MSP Playbook";
    book.title = sheet.root.dataset.title;
    book.created = new Date();
    var about = facts(sheet).list;
    var headerRow = about.length + 2;
    var ws = book.addWorksheet("Run", { views: [{ state: "frozen", ySplit: headerRow }] });
    about.forEach(function (fact, n) {
      var row = ws.getRow(n + 1);
      row.getCell(1).value = fact[0];
      row.getCell(1).font = { bold: true };
      row.getCell(2).value = fact[1] || null;
    });
    ws.getCell(1, 2).font = { bold: true, size: 14 };
    var columns = [["Status", 12], ["Phase", 18], ["Section", 22], ["Item ID", 16], ["Task", 60], ["Owner", 16],
                   ["Done by", 18], ["Done at", 17], ["Due", 12], ["Assigned to", 18], ["Note", 50]];
    var header = ws.getRow(headerRow);
    columns.forEach(function (column, n) {
      header.getCell(n + 1).value = column[0];
      header.getCell(n + 1).font = { bold: true };
      ws.getColumn(n + 1).width = column[1];
    });
    var list = '"' + model.STATUSES.join(",") + '"';
    var rows = exportsApi.rows(sheet);
    rows.forEach(function (item, n) {
      var row = ws.getRow(headerRow + 1 + n);
      [model.status(item), item.phase, item.section, item.id, item.task, item.owner, item.by, item.at,
       item.due, item.assignee, item.note].forEach(function (value, c) { row.getCell(c + 1).value = value || null; });
      row.getCell(5).alignment = { wrapText: true, vertical: "top" };
      row.getCell(11).alignment = { wrapText: true, vertical: "top" };
      row.getCell(1).dataValidation = {
        type: "list", allowBlank: false, formulae: [list], showErrorMessage: true,
        errorStyle: "stop", errorTitle: "Status", error: "Choose one of: " + model.STATUSES.join(", ") + "."
      };
    });
    ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + rows.length, column: columns.length } };
    return book;
  }

  function downloadXlsx(sheet) {
    return load("exceljs").then(function (ExcelJS) {
      return workbook(ExcelJS, sheet).xlsx.writeBuffer();
    }).then(function (buffer) {
      exportsApi.download(fileName(sheet, "xlsx"), XLSX_TYPE, buffer);
    });
  }

  /* The Word file: facts, then each phase, section and item with its tick, who, when and note,
   * then the sign-off table the printed sheet and the checklist's own Word file end with. */
  function wordDocument(docx, sheet) {
    var about = facts(sheet);
    var current = sheet.run();
    var children = [new docx.Paragraph({ text: sheet.root.dataset.title, heading: docx.HeadingLevel.TITLE })];
    about.list.slice(1).forEach(function (fact) {
      if (!fact[1]) return;
      children.push(new docx.Paragraph({ children: [new docx.TextRun({ text: fact[0] + ": ", bold: true }),
                                                    new docx.TextRun(fact[1])] }));
    });
    var phase = null;
    var section = null;
    exportsApi.rows(sheet).forEach(function (row) {
      if (row.phase && row.phase !== phase) {
        children.push(new docx.Paragraph({ text: row.phase, heading: docx.HeadingLevel.HEADING_1 }));
        phase = row.phase;
      }
      if (row.section !== section) {
        children.push(new docx.Paragraph({ text: row.section, heading: docx.HeadingLevel.HEADING_2 }));
        section = row.section;
      }
      children.push(new docx.Paragraph({ keepNext: true, children: [
        new docx.TextRun({ text: (row.done ? "\u2612" : "\u2610") + " ", bold: true }),
        new docx.TextRun(row.task)] }));
      var status = model.status(row) + (row.at ? " " + row.at : "") + (row.by ? " by " + row.by : "");
      var meta = ["Owner: " + row.owner, status];
      if (row.assignee) meta.push("assigned to " + row.assignee);
      if (row.due) meta.push("due " + row.due);
      children.push(new docx.Paragraph({ indent: { left: 360 }, children: [new docx.TextRun({ text: meta.join("; "), size: 20 })] }));
      if (row.note) {
        children.push(new docx.Paragraph({ indent: { left: 360 }, children: [
          new docx.TextRun({ text: "Note: ", bold: true, size: 20 }), new docx.TextRun({ text: row.note, size: 20 })] }));
      }
    });
    children.push(new docx.Paragraph({ text: "Sign-off", heading: docx.HeadingLevel.HEADING_1 }));
    if (!sheet.internal) {
      children.push(new docx.Paragraph({ children: [new docx.TextRun({ text: "Client: ", bold: true }),
                                                    new docx.TextRun(current.client)] }));
    }
    var signers = [["Completed by", current.runBy, about.completed], ["Checked by", "", ""]];
    if (!sheet.internal) signers.push(["Client contact", "", ""]);
    // Rows with room to sign in: space above and below each signer's line.
    function cell(value, bold, roomy) {
      return new docx.TableCell({ children: [new docx.Paragraph({
        spacing: roomy ? { before: 120, after: 240 } : undefined,
        children: [new docx.TextRun({ text: value, bold: bold })] })] });
    }
    var rows = [new docx.TableRow({ tableHeader: true, children: ["Role", "Name", "Date", "Signature"].map(function (title) {
      return cell(title, true);
    }) })];
    signers.forEach(function (signer) {
      rows.push(new docx.TableRow({ children: [cell(signer[0], true, true), cell(signer[1], false, true),
                                               cell(signer[2], false, true), cell("", false, true)] }));
    });
    children.push(new docx.Table({ rows: rows, width: { size: 100, type: docx.WidthType.PERCENTAGE } }));
    return new docx.Document({
      creator: "The MSP Playbook", title: sheet.root.dataset.title + " \u2013 " + current.name,
      sections: [{ children: children }]
    });
  }

  function downloadDocx(sheet) {
    return load("docx").then(function (docx) {
      return docx.Packer.toBlob(wordDocument(docx, sheet));
    }).then(function (blob) {
      exportsApi.download(fileName(sheet, "docx"), blob.type, blob);
    });
  }

  ns.office = { downloadXlsx: downloadXlsx, downloadDocx: downloadDocx };
})(window.mspChecklists);
