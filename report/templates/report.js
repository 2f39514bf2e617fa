// rekon report: filter and sort the findings table, show a finding's evidence.
// Plain JS, no library: the page must work offline and from a mail attachment.
(function () {
  "use strict";
  var crops = JSON.parse(document.getElementById("crops-data").textContent);
  var cropImages = JSON.parse(document.getElementById("crop-images").textContent);  // a row's picture, shared by its findings
  var table = document.getElementById("findings-table");
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  var controls = {
    rule: document.getElementById("filter-rule"),
    severity: document.getElementById("filter-severity"),
    program: document.getElementById("filter-program"),
    status: document.getElementById("filter-status"),  // only when the findings carry a review status
    text: document.getElementById("filter-text"),
    info: document.getElementById("filter-info")  // only when there are info findings
  };
  // Text is searched lower-cased; computed once, the table does not change.
  rows.forEach(function (row) { row._text = row.textContent.toLowerCase(); });

  function applyFilters() {
    var rule = controls.rule.value, severity = controls.severity.value, program = controls.program.value;
    var status = controls.status ? controls.status.value : "";
    var words = controls.text.value.toLowerCase().split(/\s+/).filter(Boolean);
    // Info findings are folded until asked for: by the box, or by choosing a rule, the info
    // severity or a search, which say the reader is looking for them.
    var foldInfo = controls.info && !controls.info.checked && !rule && !severity && !words.length;
    var visible = 0, folded = 0;
    rows.forEach(function (row) {
      var show = (!rule || row.dataset.rule === rule) &&
        (!severity || row.dataset.severity === severity) &&
        (!program || row.dataset.program === program) &&
        (!status || row.dataset.status === status) &&
        words.every(function (w) { return row._text.indexOf(w) !== -1; });
      if (show && foldInfo && row.dataset.severity === "info") { show = false; folded++; }
      row.hidden = !show;
      if (show) visible++;
    });
    document.getElementById("visible-count").textContent = String(visible);
    document.getElementById("folded-count").textContent = String(folded);
    document.getElementById("folded-note").hidden = folded === 0;
    document.getElementById("folded-hint").hidden = !(visible === 0 && folded > 0);
  }

  function showInfoFor(hash) {
    // A link to one finding (report.html#f-<id>, as the working papers make) shows it even if it is info.
    var target = hash && hash.indexOf("#f-") === 0 ? document.getElementById(hash.slice(1)) : null;
    if (target && controls.info && target.dataset.severity === "info") { controls.info.checked = true; applyFilters(); target.scrollIntoView(); }
  }

  function selectValue(select, value) {
    // An unknown value (a rule with no findings) selects nothing rather than everything.
    if (!value) return;
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    if (!known) { var option = new Option(value, value); select.add(option); }
    select.value = value;
  }

  function filtersFromUrl() {
    var params = new URLSearchParams(window.location.search);
    selectValue(controls.rule, params.get("rule"));
    selectValue(controls.severity, params.get("severity"));
    selectValue(controls.program, params.get("program"));
    if (controls.status) selectValue(controls.status, params.get("status"));
    controls.text.value = params.get("q") || params.get("filter") || "";
    if (controls.info) controls.info.checked = params.get("info") === "1";
  }

  function number(text) {
    if (text === "" || text === undefined) return NaN;
    return Number(String(text).replace(/^'/, ""));
  }

  function sortValue(cell) {
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }

  function sortBy(header) {
    var tableOfHeader = header.closest("table");
    var body = tableOfHeader.tBodies[0];
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var numeric = header.dataset.type === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var list = Array.prototype.slice.call(body.rows);
    list.sort(function (a, b) {
      var x = sortValue(a.cells[index]), y = sortValue(b.cells[index]);
      var result;
      if (numeric) {
        var nx = number(x), ny = number(y);
        // Empty and non-numbers (#DIV/0!) go last whichever the direction.
        if (isNaN(nx) || isNaN(ny)) return isNaN(nx) - isNaN(ny);
        result = nx - ny;
      } else {
        result = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      }
      return ascending ? result : -result;
    });
    list.forEach(function (row) { body.appendChild(row); });
  }

  function showEvidence(findingId) {
    var row = document.getElementById("f-" + findingId);
    if (!row) return;
    var dialog = document.getElementById("evidence-dialog");
    document.getElementById("evidence-title").textContent = findingId;
    document.getElementById("evidence-message").textContent = row.querySelector(".message").textContent;
    var holder = document.getElementById("evidence-crops");
    holder.textContent = "";
    (row.dataset.crops || "").split(" ").filter(Boolean).forEach(function (key) {
      var crop = crops[key];
      if (!crop) return;
      var figure = document.createElement("figure");
      var caption = document.createElement("figcaption");
      caption.textContent = crop.caption;
      figure.appendChild(caption);
      var src = crop.src || (crop.img && cropImages[crop.img]);
      if (src) {
        var shot = document.createElement("div");
        shot.className = "shot";
        var image = document.createElement("img");
        image.src = src;
        image.alt = crop.caption;
        image.title = "zoom";
        shot.appendChild(image);
        // The involved columns, outlined over the row's shared picture (left, top, width, height in %).
        (crop.cells || []).forEach(function (box) {
          var cell = document.createElement("span");
          cell.className = "cell-outline";
          cell.style.left = box[0] + "%"; cell.style.top = box[1] + "%";
          cell.style.width = box[2] + "%"; cell.style.height = box[3] + "%";
          shot.appendChild(cell);
        });
        // Fitted to the dialog by default; a click shows it at full size to read small print.
        shot.addEventListener("click", function () { shot.classList.toggle("zoomed"); });
        figure.appendChild(shot);
      } else {
        var note = document.createElement("div");
        note.className = "note";
        note.textContent = crop.note;
        figure.appendChild(note);
      }
      holder.appendChild(figure);
    });
    if (typeof dialog.showModal === "function") dialog.showModal(); else dialog.setAttribute("open", "");
  }

  document.addEventListener("click", function (event) {
    var header = event.target.closest("table.sortable thead th");
    if (header && !header.classList.contains("nosort")) { sortBy(header); return; }
    var button = event.target.closest(".evidence-button");
    if (button) { showEvidence(button.dataset.finding); return; }
    var link = event.target.closest(".evidence-link");
    if (link) { event.preventDefault(); showEvidence(link.dataset.finding); return; }
    var ruleLink = event.target.closest("[data-filter-rule]");
    if (ruleLink && controls.rule) {
      event.preventDefault();
      controls.rule.value = ruleLink.dataset.filterRule;
      applyFilters();
      document.getElementById("findings").scrollIntoView();
    }
  });

  if (table) {
    ["rule", "severity", "program", "status", "info"].forEach(function (name) { if (controls[name]) controls[name].addEventListener("change", applyFilters); });
    controls.text.addEventListener("input", applyFilters);
    document.getElementById("filter-reset").addEventListener("click", function () {
      controls.rule.value = controls.severity.value = controls.program.value = controls.text.value = "";
      if (controls.status) controls.status.value = "";
      if (controls.info) controls.info.checked = false;
      applyFilters();
    });
    filtersFromUrl();
    applyFilters();
    showInfoFor(window.location.hash);
    window.addEventListener("hashchange", function () { showInfoFor(window.location.hash); });
  }
  // ?evidence=<finding id> opens that finding's evidence: a link an auditor can send.
  var wanted = new URLSearchParams(window.location.search).get("evidence");
  if (wanted) showEvidence(wanted);
})();
