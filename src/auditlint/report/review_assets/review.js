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

  items.forEach(function (li, i) {
    var go = li.querySelector("a.go");
    if (go) { go.addEventListener("click", function (e) { e.preventDefault(); select(i); }); }
    li.addEventListener("mouseenter", function () { light(li.dataset.target, true); });
    li.addEventListener("mouseleave", function () { if (current !== i) { light(li.dataset.target, false); } });
  });
})();
