// Reading aids (适老化): large text, high contrast and line spacing.
// First-party, no plugin. Each button toggles one class on <html> and
// says whether it is on (aria-pressed); the choice is kept in localStorage
// under "fzzf-aids" as a space-separated list of those classes, and a
// one-line script in <head> (partials/head.html) applies it before the
// page is drawn, so it stays across pages without a flash. Without
// JavaScript the page is fully readable; the buttons then do nothing and
// the browser's own zoom still works.
//
// Task lists: Markdown checklists ("- [x] 已完成") become disabled
// checkboxes without a label; each gets the text of its list item as its
// accessible name, so a screen reader says what was (not) done.
(function () {
  "use strict";
  var KEY = "fzzf-aids";
  var root = document.documentElement;
  var buttons = document.querySelectorAll("button[data-aid]");
  var known = [];
  Array.prototype.forEach.call(buttons, function (b) {
    known.push(b.getAttribute("data-aid"));
  });
  function save() {
    var on = known.filter(function (c) { return root.classList.contains(c); });
    try { localStorage.setItem(KEY, on.join(" ")); } catch (e) { /* storage off: this page only */ }
  }
  Array.prototype.forEach.call(buttons, function (b) {
    var cls = b.getAttribute("data-aid");
    b.setAttribute("aria-pressed", root.classList.contains(cls) ? "true" : "false");
    b.addEventListener("click", function () {
      var on = root.classList.toggle(cls);
      b.setAttribute("aria-pressed", on ? "true" : "false");
      save();
    });
  });

  var boxes = document.querySelectorAll("li > input[type=checkbox]:not([aria-label]):not([id])");
  Array.prototype.forEach.call(boxes, function (box) {
    var text = box.parentNode.textContent.replace(/\s+/g, " ").trim();
    if (text) box.setAttribute("aria-label", (box.checked ? "已完成：" : "未完成：") + text.slice(0, 80));
  });
})();
