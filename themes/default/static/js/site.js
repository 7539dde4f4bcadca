// Reading aids (适老化): large text, high contrast and line spacing.
// First-party, no plugin; the choice is kept in localStorage so it stays
// across pages. Without JavaScript the page is fully readable; the buttons
// then do nothing, and the browser's own zoom still works.
(function () {
  "use strict";
  var KEY = "fzzf-aids";
  var root = document.documentElement;
  function save() {
    try { localStorage.setItem(KEY, root.className); } catch (e) { /* private mode */ }
  }
  var buttons = document.querySelectorAll("button[data-aid]");
  Array.prototype.forEach.call(buttons, function (b) {
    var cls = b.getAttribute("data-aid");
    b.setAttribute("aria-pressed", root.classList.contains(cls) ? "true" : "false");
    b.addEventListener("click", function () {
      var on = root.classList.toggle(cls);
      b.setAttribute("aria-pressed", on ? "true" : "false");
      save();
    });
  });
})();
