// chainmap serve: progressive enhancement. Every form works without this script;
// with it, forms marked data-enhance are submitted in the background and the <main>
// of the answer replaces the current one (no full reload, scroll position kept).
"use strict";
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-enhance")) return;
  event.preventDefault();
  const main = document.querySelector("main");
  const status = document.getElementById("status");
  if (status) status.textContent = form.dataset.busy || "…";
  if (main) main.classList.add("busy");
  try {
    const response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
    });
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.querySelector("main");
    if (fresh && main) {
      const y = window.scrollY;
      main.replaceWith(fresh);
      window.scrollTo(0, y);
    } else {
      window.location.assign(response.url);
    }
  } catch (err) {
    form.submit();
  }
});
