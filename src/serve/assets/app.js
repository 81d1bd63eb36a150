// morgue serve: the only script. "/" focuses the query box (as on most search sites), Escape
// leaves it. The pages work without it.
"use strict";
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  if (!box) return;
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === "Escape" && document.activeElement === box) {
    box.blur();
  }
});
