// auditlint review page: filters, n/p navigation, operands lit on hover and click.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var current = -1;

  function byId(id) { return document.getElementById(id); }
  function operandsOf(fid) { return document.querySelectorAll('span.opd[data-finding="' + fid + '"]'); }
  function light(fid, on) {
    operandsOf(fid).forEach(function (el) { el.classList.toggle("lit", on); });
  }
  function shown(li) { return !li.classList.contains("filtered"); }

  var card = byId("card");

  // the finding's message and operand links, in a card under its figure
  function showCard(li, mark) {
    if (!card) { return; }
    if (!mark) { card.hidden = true; return; }
    card.innerHTML = "";
    var head = document.createElement("div");
    head.className = "cardhead";
    head.appendChild(li.querySelector(".badge").cloneNode(true));
    head.appendChild(document.createTextNode(" " + li.dataset.code + " "));
    var rule = li.querySelector(".rule");
    if (rule) { head.appendChild(rule.cloneNode(true)); }
    card.appendChild(head);
    card.appendChild(li.querySelector(".msg").cloneNode(true));
    var ops = li.querySelector("ul.ops");
    if (ops) { card.appendChild(ops.cloneNode(true)); }
    card.hidden = false;
    var box = mark.getBoundingClientRect();
    var main = byId("main").getBoundingClientRect();
    card.style.top = (box.bottom + window.scrollY + 6) + "px";
    card.style.left = Math.max(0, Math.min(box.left - main.left, main.width - card.offsetWidth - 8)) + "px";
  }

  function select(index, scroll) {
    if (index < 0 || index >= items.length) { return; }
    if (current >= 0) {
      var old = items[current];
      old.classList.remove("current");
      light(old.dataset.target, false);
      var oldMark = byId(old.dataset.target);
      if (oldMark) { oldMark.classList.remove("current"); }
    }
    current = index;
    var li = items[index];
    li.classList.add("current");
    light(li.dataset.target, true);
    li.scrollIntoView({ block: "nearest" });
    var mark = byId(li.dataset.target);
    if (mark) {
      mark.classList.add("current");
      if (scroll !== false) { mark.scrollIntoView({ block: "center" }); }
      mark.focus({ preventScroll: true });
    }
    showCard(li, mark);
  }

  function step(direction) {
    var i = current;
    for (var n = 0; n < items.length; n++) {
      i = (i + direction + items.length) % items.length;
      if (current < 0 && direction < 0 && n === 0) { i = items.length - 1; }
      if (shown(items[i])) { select(i); return; }
    }
  }

  function applyFilters() {
    var form = byId("filters");
    if (!form) { return; }
    var sev = {}, code = {};
    form.querySelectorAll('input[name="severity"]').forEach(function (c) { sev[c.value] = c.checked; });
    form.querySelectorAll('input[name="code"]').forEach(function (c) { code[c.value] = c.checked; });
    items.forEach(function (li) {
      var off = !sev[li.dataset.severity] || !code[li.dataset.code];
      li.classList.toggle("filtered", off);
      var mark = byId(li.dataset.target);
      if (mark) { mark.classList.toggle("filtered", off); }
    });
  }

  var form = byId("filters");
  if (form) { form.addEventListener("change", applyFilters); }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    if (e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "p") { step(-1); e.preventDefault(); }
    else if (e.key === "Escape" && card) { card.hidden = true; }
    else if (e.key === "Enter" && e.target.matches && e.target.matches("mark.fig")) {
      e.target.click(); e.preventDefault();
    }
  });

  document.querySelectorAll("mark.fig").forEach(function (mark) {
    var fid = mark.dataset.finding;
    mark.addEventListener("mouseenter", function () { light(fid, true); });
    mark.addEventListener("mouseleave", function () {
      if (current < 0 || items[current].dataset.target !== fid) { light(fid, false); }
    });
    mark.addEventListener("click", function (e) {
      var i = items.findIndex(function (li) { return li.dataset.target === fid; });
      if (i >= 0) { select(i, false); }
      e.stopPropagation();
    });
  });

  // an operand leads back to the figure of its finding
  document.querySelectorAll("span.opd").forEach(function (opd) {
    opd.addEventListener("click", function () {
      if (opd.closest("mark.fig")) { return; }  // a figure of its own: that finding first
      var i = items.findIndex(function (li) { return li.dataset.target === opd.dataset.finding; });
      if (i >= 0) { select(i); }
    });
  });

  items.forEach(function (li, i) {
    var go = li.querySelector("a.go");
    if (go) { go.addEventListener("click", function (e) { e.preventDefault(); select(i); }); }
    li.addEventListener("mouseenter", function () { light(li.dataset.target, true); });
    li.addEventListener("mouseleave", function () { if (current !== i) { light(li.dataset.target, false); } });
  });
})();
