// rekon review: one decision per click or key; every decision is saved at once (POST, JSON).
// Plain JS; all text goes in with textContent, never as HTML.
(function () {
  "use strict";
  var L = JSON.parse(document.getElementById("labels-data").textContent);
  var base = window.location.pathname.replace(/[^/]*$/, "");  // /<token>/
  var state = { tab: "links", links: [], linkIndex: 0, findings: [], visible: [], findingIndex: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function api(path, body) {
    var options = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    return fetch(base + "api/" + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || response.status);
        return data;
      });
    });
  }

  var toastTimer;
  function toast(text, bad) {
    var t = $("toast");
    t.textContent = text;
    t.className = bad ? "bad" : "good";
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.textContent = ""; }, 2500);
  }

  function showProgress(p) {
    $("progress-links").textContent = p.links.done + " " + L.of + " " + p.links.total + " " + L.reviewed;
    $("progress-findings").textContent = p.findings.done + " " + L.of + " " + p.findings.total + " " + L.reviewed;
    $("progress-links").dataset.done = p.links.done;
    $("progress-findings").dataset.done = p.findings.done;
  }

  // ---- crops ----------------------------------------------------------------------------
  function figure(crop, label) {
    var caption = el("figcaption", { text: crop.caption });
    if (label) caption.insertBefore(el("span", { className: "letter", text: label }), caption.firstChild);
    var fig = el("figure", {}, [caption]);
    if (crop.src) {
      var img = el("img", { src: crop.src, alt: crop.caption });
      img.addEventListener("click", function () { img.classList.toggle("zoomed"); });
      fig.appendChild(img);
    } else {
      fig.appendChild(el("div", { className: "note", text: crop.note }));
    }
    return fig;
  }

  function loadCrop(holder, rowId, label) {
    holder.textContent = "";
    holder.dataset.rowId = rowId;
    holder.appendChild(el("div", { className: "loading", text: L.loading }));
    api("crop?row_id=" + encodeURIComponent(rowId)).then(function (crop) {
      if (holder.dataset.rowId !== rowId) return;  // the reviewer has moved on; a late answer must not show another row
      holder.textContent = "";
      holder.appendChild(figure(crop, label));
    }).catch(function (error) { holder.textContent = String(error.message || error); });
  }

  // ---- doubtful links -------------------------------------------------------------------
  function rowCard(card, letter, row, holder) {
    card.textContent = "";
    holder.textContent = "";
    if (row.missing) { card.appendChild(el("p", { className: "note", text: L.row_missing + ": " + row.row_id })); return; }
    card.appendChild(el("h2", {}, [el("span", { className: "letter", text: letter }), document.createTextNode(" " + row.quarter + " · " + row.file + " · " + L.page + " " + row.page)]));
    card.appendChild(el("p", { className: "indikator", text: row.indikator }));
    var path = [row.program, row.kegiatan, row.sub_kegiatan].filter(Boolean).join(" › ") || [row.tujuan, row.sasaran].filter(Boolean).join(" › ");
    if (path) card.appendChild(el("p", { className: "context", text: path }));
    if (row.satuan) card.appendChild(el("p", { className: "context", text: row.satuan }));
    var table = el("table", { className: "compact values" });
    row.values.forEach(function (v) { table.appendChild(el("tr", {}, [el("th", { text: L[v.field] || v.field }), el("td", { className: "num", text: v.text })])); });
    card.appendChild(table);
    loadCrop(holder, row.row_id, letter);
    card.appendChild(el("code", { className: "fid", text: row.row_id }));
  }

  function decisionText(decision) {
    return decision === "same" ? L.decided_same : decision === "different" ? L.decided_different : L.undecided;
  }

  function renderLinkList() {
    var list = $("link-list");
    list.textContent = "";
    state.links.forEach(function (link, i) {
      var item = el("li", { className: "item decision-" + (link.decision || (link.resolved ? "same" : "none")) + (i === state.linkIndex ? " current" : ""), "data-index": String(i) }, [
        el("span", { className: "dot" }),
        el("span", { text: link.a.quarter + " → " + link.b.quarter + " · " + link.score }),
        el("span", { className: "context", text: link.a.indikator || link.row_id_a })
      ]);
      item.addEventListener("click", function () { showLink(i); });
      list.appendChild(item);
    });
  }

  function showLink(i) {
    var links = state.links;
    $("links-empty").hidden = links.length > 0;
    $("link-body").hidden = links.length === 0;
    if (!links.length) return;
    state.linkIndex = Math.max(0, Math.min(i, links.length - 1));
    var link = links[state.linkIndex];
    $("link-position").textContent = (state.linkIndex + 1) + " / " + links.length;
    $("link-score").textContent = L.score + " " + link.score;
    var runnerChosen = !link.decision && link.resolved;
    $("link-decision").textContent = runnerChosen ? L.decided_runner : decisionText(link.decision);
    $("link-decision").className = "decision-badge decision-" + (link.decision || (runnerChosen ? "same" : "none"));
    rowCard($("row-a"), "A", link.a, $("crop-a"));
    rowCard($("row-b"), "B", link.b, $("crop-b"));
    var parts = $("score-parts-table");
    parts.textContent = "";
    Object.keys(link.parts).forEach(function (k) { parts.appendChild(el("tr", {}, [el("th", { text: k }), el("td", { className: "num", text: link.parts[k] })])); });
    var runners = $("runner-ups");
    runners.textContent = "";
    link.runners.forEach(function (r, n) {
      var crop = el("div", { className: "crops" });
      var more = el("details", {}, [el("summary", { text: r.row.quarter + " · " + L.page + " " + r.row.page + " · " + r.row_id }), crop]);
      more.addEventListener("toggle", function () { if (more.open && !crop.firstChild) loadCrop(crop, r.row_id); });
      var button = el("button", { type: "button", className: "decide same small", "data-runner": String(n) }, [document.createTextNode(L.same_as_a + " "), el("kbd", { text: String(n + 1) })]);
      button.addEventListener("click", function () { decideRunner(n); });
      var values = r.row.values.filter(function (v) { return v.text; }).map(function (v) { return (L[v.field] || v.field) + ": " + v.text; }).join(" · ");
      runners.appendChild(el("div", { className: "runner decision-" + (r.decision || "none") }, [
        el("div", { className: "runner-head" }, [el("strong", { text: r.row.indikator }), el("span", { className: "score", text: L.score + " " + r.score }), button]),
        el("p", { className: "context", text: [r.row.program, r.row.kegiatan, r.row.sub_kegiatan].filter(Boolean).join(" › ") }),
        el("p", { className: "context", text: values }),
        more
      ]));
    });
    renderLinkList();
  }

  function nextUndecided(from) {
    for (var k = 1; k <= state.links.length; k++) {
      var j = (from + k) % state.links.length;
      if (!state.links[j].resolved) return j;
    }
    return Math.min(from + 1, state.links.length - 1);
  }

  function decide(decision) {
    var link = state.links[state.linkIndex];
    if (!link) return;
    var at = state.linkIndex;
    api("links/decision", { row_id_a: link.row_id_a, row_id_b: link.row_id_b, decision: decision }).then(function (answer) {
      if (decision !== "skip") link.decision = decision === "clear" ? "" : decision;
      link.resolved = !!link.decision || link.runners.some(function (r) { return r.decision === "same"; });
      showProgress(answer.progress);
      toast(decision === "skip" ? L.skip : L.saved + ": " + decisionText(link.decision));
      showLink(decision === "clear" ? at : (decision === "skip" ? Math.min(at + 1, state.links.length - 1) : nextUndecided(at)));
    }).catch(function (error) { toast(L.save_failed + ": " + error.message, true); });
  }

  function clearLink() {
    // Clears the link's own decision and any runner-up named as A's counterpart.
    var link = state.links[state.linkIndex];
    if (!link) return;
    var pairs = [link.row_id_b].concat(link.runners.filter(function (r) { return r.decision; }).map(function (r) { return r.row_id; }));
    Promise.all(pairs.map(function (b) { return api("links/decision", { row_id_a: link.row_id_a, row_id_b: b, decision: "clear" }); })).then(function (answers) {
      link.decision = "";
      link.runners.forEach(function (r) { r.decision = ""; });
      link.resolved = false;
      showProgress(answers[answers.length - 1].progress);
      toast(L.saved + ": " + L.clear_decision);
      showLink(state.linkIndex);
    }).catch(function (error) { toast(L.save_failed + ": " + error.message, true); });
  }

  function decideRunner(n) {
    var link = state.links[state.linkIndex];
    var runner = link && link.runners[n];
    if (!runner) return;
    api("links/decision", { row_id_a: link.row_id_a, row_id_b: runner.row_id, decision: "same" }).then(function (answer) {
      runner.decision = "same";
      link.resolved = true;
      showProgress(answer.progress);
      toast(L.saved + ": " + L.same_as_a);
      showLink(state.linkIndex);
    }).catch(function (error) { toast(L.save_failed + ": " + error.message, true); });
  }

  // ---- findings -------------------------------------------------------------------------
  var controls = { rule: $("filter-rule"), severity: $("filter-severity"), program: $("filter-program"), status: $("filter-status"), text: $("filter-text") };

  function fillOptions(select, values, label) {
    values.forEach(function (v) { select.appendChild(el("option", { value: v, text: label ? label(v) : v })); });
  }

  function applyFilters() {
    var words = controls.text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var keep = state.findings.filter(function (f) {
      return (!controls.rule.value || f.rule === controls.rule.value) &&
        (!controls.severity.value || f.severity === controls.severity.value) &&
        (!controls.program.value || f.program === controls.program.value) &&
        (!controls.status.value || f.status === controls.status.value) &&
        words.every(function (w) { return f._text.indexOf(w) !== -1; });
    });
    var current = state.visible[state.findingIndex];
    state.visible = keep;
    var again = keep.indexOf(current);
    state.findingIndex = again >= 0 ? again : 0;
    $("visible-count").textContent = String(keep.length);
    renderFindingList();
    showFinding(state.findingIndex);
  }

  function statusText(f) {
    return f.status === "reviewed" ? L[f.verdict] || L.status_reviewed : L["status_" + f.status];
  }

  function renderFindingList() {
    var list = $("finding-list");
    list.textContent = "";
    $("findings-empty").hidden = state.visible.length > 0;
    state.visible.forEach(function (f, i) {
      var item = el("li", { className: "item sev-" + f.severity + " status-" + f.status + (i === state.findingIndex ? " current" : ""), "data-id": f.finding_id }, [
        el("span", { className: "sev-dot" }),
        el("span", {}, [el("code", { text: f.rule }), document.createTextNode(" · " + f.quarter)]),
        el("span", { className: "status-badge status-" + f.status, text: statusText(f) }),
        el("span", { className: "context", text: f.indikator })
      ]);
      item.addEventListener("click", function () { showFinding(i); });
      list.appendChild(item);
    });
  }

  function showFinding(i) {
    var detail = $("finding-detail");
    detail.hidden = state.visible.length === 0;
    if (!state.visible.length) return;
    state.findingIndex = Math.max(0, Math.min(i, state.visible.length - 1));
    var f = state.visible[state.findingIndex];
    $("finding-position").textContent = (state.findingIndex + 1) + " / " + state.visible.length;
    $("finding-id").textContent = f.finding_id;
    $("finding-status").textContent = statusText(f);
    $("finding-status").className = "status-badge status-" + f.status;
    $("finding-message").textContent = f.message;
    var values = $("finding-values");
    values.textContent = "";
    [["severity", L[f.severity] || f.severity], ["rule", f.rule + (f.field ? " · " + f.field : "")], ["quarter", f.quarter + " · " + f.file + " · " + L.page + " " + f.page],
     ["indikator", f.indikator], ["program", [f.program, f.kegiatan, f.sub_kegiatan].filter(Boolean).join(" › ")],
     ["expected", f.expected], ["actual", f.actual], ["difference", f.difference]].forEach(function (pair) {
      if (pair[1]) values.appendChild(el("tr", {}, [el("th", { text: L[pair[0]] || pair[0] }), el("td", { text: pair[1] })]));
    });
    if (f.year_sum) {  // the four quarters, their sum and the year as printed, side by side
      var heads = f.year_sum.cells.map(function (c) { return el("th", { className: "num", text: c.label }); });
      var cells = f.year_sum.cells.map(function (c) { return el("td", { className: "num", text: c.text }); });
      var sums = el("table", { className: "compact year-sum" }, [
        el("tr", {}, heads.concat([el("th", { className: "num", text: L.quarters_sum }), el("th", { className: "num", text: L.year_printed })])),
        el("tr", {}, cells.concat([el("td", { className: "num", text: f.year_sum.sum }), el("td", { className: "num involved", text: f.year_sum.printed })]))]);
      values.appendChild(el("tr", {}, [el("td", { colSpan: 2 }, [sums])]));
    }
    document.querySelectorAll(".judge").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.verdict === f.verdict)); });
    $("verdict-comment").value = f.comment || "";
    var holder = $("finding-crops");
    holder.textContent = "";
    holder.appendChild(el("div", { className: "loading", text: L.loading }));
    var wanted = f.finding_id;
    api("evidence?finding_id=" + encodeURIComponent(f.finding_id)).then(function (answer) {
      if (state.visible[state.findingIndex] !== f || wanted !== f.finding_id) return;
      holder.textContent = "";
      answer.crops.forEach(function (crop) { holder.appendChild(figure(crop)); });
    }).catch(function (error) { holder.textContent = String(error.message || error); });
    Array.prototype.forEach.call($("finding-list").children, function (li, n) { li.classList.toggle("current", n === state.findingIndex); });
    var current = $("finding-list").children[state.findingIndex];
    if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
  }

  function judge(verdict) {
    var f = state.visible[state.findingIndex];
    if (!f) return;
    var comment = $("verdict-comment").value;
    api("findings/verdict", { finding_id: f.finding_id, verdict: verdict, comment: comment }).then(function (answer) {
      f.verdict = verdict === "clear" ? "" : verdict;
      f.comment = verdict === "clear" ? "" : comment;
      f.status = verdict === "clear" ? (f.review_status === "new" ? "new" : "open") : "reviewed";
      showProgress(answer.progress);
      toast(L.saved + ": " + (L[verdict] || L.clear_decision));
      renderFindingList();
      showFinding(verdict === "clear" ? state.findingIndex : state.findingIndex + 1);
    }).catch(function (error) { toast(L.save_failed + ": " + error.message, true); });
  }

  // ---- tabs, keys, start ----------------------------------------------------------------
  function showTab(name) {
    state.tab = name;
    $("links-view").hidden = name !== "links";
    $("findings-view").hidden = name !== "findings";
    $("tab-links").setAttribute("aria-selected", String(name === "links"));
    $("tab-findings").setAttribute("aria-selected", String(name === "findings"));
    if (window.location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
  }

  document.querySelectorAll("[role=tab]").forEach(function (tab) { tab.addEventListener("click", function () { showTab(tab.dataset.tab); }); });
  document.querySelectorAll(".decide[data-decision]").forEach(function (b) { b.addEventListener("click", function () { decide(b.dataset.decision); }); });
  $("decide-clear").addEventListener("click", clearLink);
  document.querySelectorAll("[data-verdict]").forEach(function (b) { b.addEventListener("click", function () { judge(b.dataset.verdict); }); });
  ["rule", "severity", "program", "status"].forEach(function (k) { controls[k].addEventListener("change", applyFilters); });
  controls.text.addEventListener("input", applyFilters);
  $("filter-reset").addEventListener("click", function () {
    Object.keys(controls).forEach(function (k) { controls[k].value = ""; });
    applyFilters();
  });

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "verdict-comment") {
        var f = state.visible[state.findingIndex];
        if (f && f.verdict) judge(f.verdict);
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key.toLowerCase();
    var handled = true;
    if (state.tab === "links") {
      if (key === "s") decide("same");
      else if (key === "d") decide("different");
      else if (key === "n" || key === "arrowright") decide("skip");
      else if (key === "p" || key === "arrowleft") showLink(state.linkIndex - 1);
      else if (/^[1-9]$/.test(key)) decideRunner(Number(key) - 1);
      else if (key === "f") showTab("findings");
      else handled = false;
    } else {
      if (key === "1" || key === "2" || key === "3") judge(["true_inconsistency", "acceptable", "rekon_error"][Number(key) - 1]);
      else if (key === "j" || key === "arrowdown") showFinding(state.findingIndex + 1);
      else if (key === "k" || key === "arrowup") showFinding(state.findingIndex - 1);
      else if (key === "c") $("verdict-comment").focus();
      else if (key === "/") controls.text.focus();
      else if (key === "l") showTab("links");
      else handled = false;
    }
    if (handled) event.preventDefault();
  });

  Promise.all([api("links"), api("findings")]).then(function (answers) {
    state.links = answers[0].links;
    state.findings = answers[1].findings;
    state.findings.forEach(function (f) { f._text = [f.finding_id, f.rule, f.indikator, f.message, f.program, f.kegiatan, f.sub_kegiatan, f.field, f.file].join(" ").toLowerCase(); });
    fillOptions(controls.rule, answers[1].filters.rules);
    fillOptions(controls.severity, answers[1].filters.severities, function (s) { return L[s] || s; });
    fillOptions(controls.program, answers[1].filters.programs);
    $("total-count").textContent = String(state.findings.length);
    showProgress(answers[1].progress);
    var first = state.links.findIndex(function (l) { return !l.resolved; });
    showLink(first >= 0 ? first : 0);
    applyFilters();
    showTab(window.location.hash === "#findings" || !state.links.length ? "findings" : "links");
    document.body.dataset.ready = "true";
  }).catch(function (error) { toast(String(error.message || error), true); });
})();
