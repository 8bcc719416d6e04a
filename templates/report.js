/* Report behaviour: sortable and filterable tables, collapsible evidence.
 *
 * This file is inlined verbatim into the HTML report. It is static: no report data is ever
 * written into it; it reads the rendered DOM only (text, data-* attributes) and writes with
 * textContent, never innerHTML. Without JavaScript the report is complete: every row shown,
 * every evidence block open (the template renders <details open>, closed here on load).
 *
 * Template hooks:
 *   table[data-sortable]           header cells become sort buttons (th[data-nosort] excepted);
 *   th[data-sort-type="number"]    the column compares numerically;
 *   td[data-sort] / th[data-sort]  sort key when the cell text is not one (tier and level ranks);
 *   table[data-filter="NAME"]      a text filter above the table, NAME in the controls' names;
 *   table[data-effect-filter]      plus an effect (sensitivity/resistance) selector, rows
 *                                  carrying tr[data-effect];
 *   [data-filter-ignore]           text the filter does not search (the evidence body);
 *   details.evidence               collapsed on load, with "Expand all"/"Collapse all" buttons.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  var EFFECTS = ["sensitivity", "resistance"];
  var controls = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function hiddenText(text) {
    return element("span", "visually-hidden", text);
  }

  /* A label (visible word, plus the table's name for screen readers) and its control, joined
     by id rather than by nesting, so the control's value is not part of its own name. */
  function labelled(parent, word, name, control) {
    controls += 1;
    control.id = "report-control-" + controls;
    var label = element("label", null, word);
    label.htmlFor = control.id;
    label.appendChild(hiddenText(name));
    var wrap = element("span", "control");
    wrap.appendChild(label);
    wrap.appendChild(control);
    parent.appendChild(wrap);
    return control;
  }

  /* ---- sorting ---- */

  function sortKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return null;
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    var key = raw.replace(/\s+/g, " ").trim();
    if (key === "" || key === "\u2014") return null;
    if (numeric) {
      var value = Number(key);
      return Number.isNaN(value) ? null : value;
    }
    return key;
  }

  function sortTable(table, th, direction) {
    var headers = th.parentNode.cells;
    for (var i = 0; i < headers.length; i++) {
      if (headers[i] !== th) headers[i].removeAttribute("aria-sort");
    }
    th.setAttribute("aria-sort", direction);
    var index = th.cellIndex;
    var numeric = th.getAttribute("data-sort-type") === "number";
    var sign = direction === "ascending" ? 1 : -1;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.map.call(tbody.rows, function (row) {
      return { row: row, key: sortKey(row, index, numeric), order: Number(row.dataset.order) };
    });
    rows.sort(function (a, b) {
      // Empty cells go last in both directions; ties keep the report's order.
      if (a.key === null || b.key === null) {
        if (a.key === null && b.key === null) return a.order - b.order;
        return a.key === null ? 1 : -1;
      }
      var c = numeric ? a.key - b.key : collator.compare(a.key, b.key);
      return c !== 0 ? sign * c : a.order - b.order;
    });
    rows.forEach(function (item) {
      tbody.appendChild(item.row);
    });
  }

  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !head.rows.length || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.dataset.order = String(i);
    });
    Array.prototype.forEach.call(head.rows[0].cells, function (th) {
      if (th.hasAttribute("data-nosort")) return;
      var button = element("button", "sort");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var icon = element("span", "sort-icon");
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(table, th, next);
      });
    });
  }

  /* ---- filtering ---- */

  function searchableText(row) {
    var copy = row.cloneNode(true);
    copy.querySelectorAll("[data-filter-ignore]").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim().toLowerCase();
  }

  function addControls(table) {
    if (!table.tBodies.length) return;
    var name = table.getAttribute("data-filter") || "table";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = new Map();
    rows.forEach(function (row) {
      texts.set(row, searchableText(row));
    });

    var tools = element("div", "table-tools");
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", "Controls for " + name);

    var input = element("input");
    input.type = "search";
    input.autocomplete = "off";
    labelled(tools, "Filter", " " + name, input);

    var select = null;
    if (table.hasAttribute("data-effect-filter")) {
      select = element("select");
      select.appendChild(new Option("all", ""));
      EFFECTS.forEach(function (effect) {
        select.appendChild(new Option(effect, effect));
      });
      labelled(tools, "Effect", " (" + name + ")", select);
    }

    var details = table.querySelectorAll("details.evidence");
    if (details.length) {
      [
        ["Expand all", true],
        ["Collapse all", false],
      ].forEach(function (spec) {
        var button = element("button", "evidence-toggle", spec[0]);
        button.type = "button";
        button.appendChild(hiddenText(" evidence, " + name));
        button.addEventListener("click", function () {
          details.forEach(function (d) {
            d.open = spec[1];
          });
        });
        tools.appendChild(button);
      });
    }

    var status = element("span", "filter-status");
    status.setAttribute("role", "status");
    tools.appendChild(status);

    function apply() {
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var effect = select ? select.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var text = texts.get(row);
        var match =
          terms.every(function (term) {
            return text.indexOf(term) !== -1;
          }) &&
          (effect === "" || row.getAttribute("data-effect") === effect);
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " rows shown";
    }

    input.addEventListener("input", apply);
    if (select) select.addEventListener("change", apply);
    apply();
    table.parentNode.insertBefore(tools, table);
  }

  /* ---- evidence ---- */

  function collapseEvidence() {
    var all = document.querySelectorAll("details.evidence");
    all.forEach(function (d) {
      d.open = false;
    });
    // A browser's print shows every evidence block, as the PDF (rendered without JavaScript)
    // does; afterwards the reader's own choice of open blocks comes back.
    var before = null;
    window.addEventListener("beforeprint", function () {
      before = Array.prototype.map.call(all, function (d) {
        return d.open;
      });
      all.forEach(function (d) {
        d.open = true;
      });
    });
    window.addEventListener("afterprint", function () {
      if (!before) return;
      var state = before;
      all.forEach(function (d, i) {
        d.open = state[i];
      });
      before = null;
    });
  }

  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    document.querySelectorAll("table[data-filter]").forEach(addControls);
    collapseEvidence();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
