// Votes, accepts, bookmarks, follows and comments in place, without reloading the page.
//
// Every control is a plain form that posts and redirects when this script is absent. Here the
// same forms (class "js-action", data-action naming what they do) are sent with fetch and
// "Accept: application/json"; the JSON answer carries the new state, which is copied into the
// page. A refusal's sentence is shown next to the control that was used.
"use strict";

(() => {
  const csrfToken = (form) => {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    if (cookie) {
      return decodeURIComponent(cookie.slice("csrftoken=".length));
    }
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  };

  // ------------------------------------------------------------ error sentences

  const clearError = (form) => {
    const next = form.nextElementSibling;
    if (next && next.classList.contains("action-error")) {
      next.remove();
    }
  };

  const showError = (form, message) => {
    clearError(form);
    const note = document.createElement("p");
    note.className = "action-error";
    note.setAttribute("role", "alert");
    note.textContent = message;
    form.after(note);
  };

  // ------------------------------------------------------------ applying new state

  const press = (button, pressed) => {
    if (!button) {
      return;
    }
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.classList.toggle("is-pressed", pressed);
    if (button.dataset.label && button.dataset.pressedLabel) {
      button.textContent = pressed ? button.dataset.pressedLabel : button.dataset.label;
    }
  };

  // A VoteState: {post_id, score, upvoted, downvoted, bookmarked, accepted, following}.
  const applyState = (state) => {
    const cell = document.getElementById(`vote-${state.post_id}`);
    if (cell) {
      const count = cell.querySelector(".vote-count");
      if (count) {
        count.textContent = String(state.score);
        count.dataset.value = String(state.score);
      }
      for (const button of cell.querySelectorAll("button[data-state]")) {
        if (button.dataset.state === "accepted") {
          continue;
        }
        press(button, Boolean(state[button.dataset.state]));
      }
      const accept = cell.querySelector("button[data-state=accepted]");
      if (accept) {
        // One accepted answer at a time: accepting this one releases any other.
        if (state.accepted) {
          for (const other of document.querySelectorAll("button[data-state=accepted]")) {
            press(other, false);
            other.closest(".answer")?.classList.remove("accepted-answer");
          }
        }
        press(accept, state.accepted);
        accept.closest(".answer")?.classList.toggle("accepted-answer", state.accepted);
      }
    }
    const follow = document.querySelector(`#post-menu-${state.post_id} button[data-state=following]`);
    press(follow, Boolean(state.following));
  };

  const applyCommentScore = (comment, score) => {
    const cell = comment.querySelector(".comment-score");
    if (!cell) {
      return;
    }
    cell.dataset.value = String(score);
    cell.textContent = "";
    if (score > 0) {
      const number = document.createElement("span");
      number.title = "number of 'useful comment' votes received";
      if (score >= 10) {
        number.className = "comment-score-high";
      }
      number.textContent = String(score);
      cell.append(number);
    }
  };

  const handlers = {
    state: (form, data) => applyState(data),

    comment: (form, data) => {
      const box = document.getElementById(`comments-${data.post_id}`);
      const list = box ? box.querySelector(".comments-list") : null;
      if (!list) {
        window.location.reload();
        return;
      }
      const fresh = new DOMParser().parseFromString(`<ul>${data.fragment}</ul>`, "text/html");
      const item = fresh.querySelector("li.comment");
      if (item) {
        list.append(item);
        list.hidden = false;
      }
      form.reset();
      const link = form.parentElement?.querySelector(".js-add-comment");
      if (link) {
        form.hidden = true;
        link.hidden = false;
      }
    },

    "comment-vote": (form, data) => {
      const comment = document.getElementById(`comment-${data.comment_id}`);
      if (comment) {
        applyCommentScore(comment, data.score);
        press(form.querySelector("button"), data.voted);
      }
    },

    "comment-delete": (form, data) => {
      const comment = document.getElementById(`comment-${data.comment_id}`);
      const list = comment?.parentElement;
      comment?.remove();
      if (list && !list.querySelector("li.comment")) {
        list.hidden = true;
      }
    },
  };

  // ------------------------------------------------------------ sending the forms

  const send = async (form) => {
    const handler = handlers[form.dataset.action];
    const button = form.querySelector("button[type=submit], button:not([type])");
    if (form.getAttribute("aria-busy") === "true") {
      return; // a second click while the first is on its way would undo it
    }
    form.setAttribute("aria-busy", "true");
    clearError(form);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
      });
    } catch {
      // The network failed: let the browser post the form the ordinary way.
      form.removeAttribute("aria-busy");
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    try {
      const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
      const data = isJson ? await response.json() : null;
      if (response.ok && data) {
        handler(form, data);
      } else if (data && data.error) {
        showError(form, data.error.message);
      } else if (response.status === 403) {
        showError(form, "Your session has expired; please reload the page and try again.");
      } else {
        showError(form, `Something went wrong (HTTP ${response.status}); please try again.`);
      }
    } finally {
      form.removeAttribute("aria-busy");
      button?.focus();
    }
  };

  document.addEventListener("submit", (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target.closest("form.js-action") : null;
    if (!form || !handlers[form.dataset.action]) {
      return;
    }
    event.preventDefault();
    send(form);
  });

  // ------------------------------------------------------------ "Add a comment"

  // Without this script each comment form is simply shown; with it, a link reveals it.
  for (const link of document.querySelectorAll(".js-add-comment")) {
    const form = document.querySelector(link.getAttribute("href"));
    if (!form) {
      continue;
    }
    form.hidden = true;
    link.hidden = false;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      link.hidden = true;
      form.hidden = false;
      form.querySelector("textarea")?.focus();
    });
  }
})();
