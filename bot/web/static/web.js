/* Progressive enhancement only: every page works without this file.
   A live character count under each answer box that has a limit, and the focus on the
   error summary when a page has one. */
"use strict";
document.querySelectorAll("textarea[maxlength][data-count]").forEach(function (box) {
  var limit = Number(box.getAttribute("maxlength"));
  var words = box.getAttribute("data-count");
  var count = document.createElement("p");
  count.className = "hint count";
  count.id = box.id + "-count";
  count.setAttribute("aria-live", "polite");
  box.insertAdjacentElement("afterend", count);
  var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  box.setAttribute("aria-describedby", described.concat(count.id).join(" "));
  function update() {
    count.textContent = words.replace("{left}", String(Math.max(0, limit - box.value.length)));
  }
  box.addEventListener("input", update);
  update();
});

/* As the GOV.UK error summary does: take the focus to it, so that the problem is read first. */
var summary = document.querySelector(".error-summary");
if (summary) {
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}
