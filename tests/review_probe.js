// Run in headless Chromium after the review page's own script (see review_browser.probe):
// what a reviewer would see and do, returned as JSON for test_review_html.py.
function lineOf(el) { var h = el && el.closest('[data-line]'); return h ? Number(h.dataset.line) : null; }
function current() { var m = document.querySelector('mark.fig.current'); return m ? m.id : null; }
function key(k) { document.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true})); }
var out = {findings: [], blocks: [], resources: []};
document.querySelectorAll('li.finding').forEach(function (li) {
  var el = document.getElementById(li.dataset.target);
  var rec = {target: li.dataset.target, code: li.dataset.code, severity: li.dataset.severity,
             tag: el ? el.tagName : null, text: el ? el.textContent : null, line: lineOf(el),
             page: el && el.closest('[data-page]') ? Number(el.closest('[data-page]').dataset.page) : null,
             width: el ? el.getBoundingClientRect().width : 0,
             colour: el ? getComputedStyle(el).outlineColor : null, ops: []};
  li.querySelectorAll('a.op').forEach(function (a) {
    var t = document.getElementById(a.getAttribute('href').slice(1));
    rec.ops.push({label: a.textContent, found: !!t, text: t ? t.textContent : null,
                  line: lineOf(t), of: t ? t.dataset.finding : null});
  });
  out.findings.push(rec);
});
document.querySelectorAll('.blk').forEach(function (b) {
  out.blocks.push({page: b.dataset.page || null, badge: (b.querySelector('.gutter .pg') || {}).textContent || null});
});
out.merged = Array.prototype.map.call(document.querySelectorAll('th[rowspan], th[colspan], td[rowspan], td[colspan]'),
  function (c) { return [c.textContent, c.rowSpan, c.colSpan]; });
out.unchecked = Array.prototype.map.call(document.querySelectorAll('.unchecked'), function (e) { return e.textContent; });
var marks = Array.prototype.map.call(document.querySelectorAll('mark.fig'), function (m) { return m.id; });
key('n'); out.afterN = current();
key('n'); out.afterNN = current();
key('p'); out.afterNNP = current();
out.lit = Array.prototype.map.call(document.querySelectorAll('span.opd.lit'), function (e) { return e.dataset.finding; });
out.marks = marks;
var box = document.querySelector('#filters input[name="severity"][value="error"]');
box.checked = false; box.dispatchEvent(new Event('change', {bubbles: true}));
out.shownAfterFilter = Array.prototype.filter.call(document.querySelectorAll('li.finding'),
  function (li) { return getComputedStyle(li).display !== 'none'; }).map(function (li) { return li.dataset.severity; });
key('n'); out.afterFilterN = current();
out.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
// a click on a figure opens its card: the message and links to its operands
var first = document.querySelector('mark.fig');
first.click();
var card = document.getElementById('card');
out.card = {shown: !card.hidden && card.getBoundingClientRect().height > 0,
            text: card.querySelector('.msg') ? card.querySelector('.msg').textContent : null,
            of: first.dataset.finding,
            below: card.getBoundingClientRect().top >= first.getBoundingClientRect().bottom,
            links: Array.prototype.map.call(card.querySelectorAll('a.op'), function (a) {
              var t = document.getElementById(a.getAttribute('href').slice(1));
              return t ? t.dataset.finding : null; })};
key('Escape'); out.cardAfterEscape = !card.hidden;
// an operand leads back to its finding's figure
var opd = document.querySelector('span.opd:not(mark.fig span.opd)');
opd.click(); out.operandLeadsTo = [opd.dataset.finding, current()];
return out;
