/*
 * Quiz autosave and countdown for the take page. No framework: plain fetch.
 *
 * Every change of a question's inputs posts that question's whole answer (FormData of
 * its inputs) to the question's data-save-url; typing is debounced. Saves of one
 * question never overlap: a change during a save queues one more save, which sends the
 * inputs as they are then, so the last state always wins. The page still works without
 * this script: the form's "Save answers" button posts everything.
 *
 * The server replies {"saved": true, "saved_at_display": "10:42", "answered": true}; it
 * never says whether an answer is right.
 */
(function () {
  "use strict";

  var form = document.getElementById("cw-answers");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var statusEl = document.getElementById("cw-save-status");
  var retryButton = document.getElementById("cw-save-retry");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var csrfToken = tokenInput ? tokenInput.value : "";
  var TEXT_DELAY_MS = 700;

  var queues = {}; // question id -> {running: bool, again: bool}
  var timers = {}; // question id -> debounce timer for text
  var failed = {}; // question id -> section element whose last save failed
  var running = 0;
  var leaving = false;
  var lastSavedAt = "";

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.setAttribute("data-state", state);
  }

  function sectionOf(element) {
    return element.closest("[data-question-id]");
  }

  function answerData(section) {
    var data = new FormData();
    section.querySelectorAll("input[name]").forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) {
        return;
      }
      data.append(input.name, input.value);
    });
    return data;
  }

  function markAnswered(questionId, answered) {
    document.querySelectorAll('[data-map-question="' + questionId + '"]').forEach(function (link) {
      link.classList.toggle("is-answered", answered);
      var icon = link.querySelector(".cw-question-map__icon");
      var state = link.querySelector(".cw-question-map__state");
      if (icon) {
        icon.textContent = answered ? "✓" : "○";
      }
      if (state) {
        state.textContent = answered ? "answered" : "not answered";
      }
    });
  }

  function hasFailures() {
    return Object.keys(failed).length > 0;
  }

  function showFailure(message) {
    setStatus("Not saved — " + message, "error");
    retryButton.classList.remove("d-none");
  }

  function send(section) {
    var questionId = section.getAttribute("data-question-id");
    return fetch(section.getAttribute("data-save-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      body: answerData(section),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { saved: false, error: "the server did not answer. Check your connection." };
          })
          .then(function (body) {
            return { status: response.status, body: body };
          });
      })
      .then(function (result) {
        var body = result.body;
        if (body.saved) {
          delete failed[questionId];
          lastSavedAt = body.saved_at_display;
          markAnswered(questionId, body.answered);
          return;
        }
        if (result.status === 409 && body.review_url) {
          // The attempt is over (time up or submitted elsewhere): show its review.
          setStatus(body.error, "error");
          leaving = true;
          window.location.assign(body.review_url);
          return;
        }
        failed[questionId] = section;
        showFailure(body.error || "please try again.");
      })
      .catch(function () {
        failed[questionId] = section;
        showFailure("check your connection, then retry.");
      });
  }

  function save(section) {
    var questionId = section.getAttribute("data-question-id");
    var queue = queues[questionId] || (queues[questionId] = { running: false, again: false });
    if (queue.running) {
      queue.again = true;
      return;
    }
    queue.running = true;
    running += 1;
    setStatus("Saving…", "saving");
    send(section).then(function () {
      queue.running = false;
      running -= 1;
      if (queue.again) {
        queue.again = false;
        save(section);
        return;
      }
      // "Saved" only once nothing is in flight, so it never claims more than is true.
      if (running === 0 && !hasFailures() && !leaving) {
        setStatus("Saved " + lastSavedAt, "saved");
        retryButton.classList.add("d-none");
      }
    });
  }

  function flushText(section) {
    var questionId = section.getAttribute("data-question-id");
    if (timers[questionId]) {
      clearTimeout(timers[questionId]);
      delete timers[questionId];
      save(section);
    }
  }

  form.addEventListener("change", function (event) {
    var section = sectionOf(event.target);
    if (!section) {
      return;
    }
    if (event.target.type === "text") {
      flushText(section);
      return;
    }
    save(section);
  });

  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") {
      return;
    }
    var section = sectionOf(event.target);
    if (!section) {
      return;
    }
    var questionId = section.getAttribute("data-question-id");
    clearTimeout(timers[questionId]);
    setStatus("Typing…", "pending");
    timers[questionId] = setTimeout(function () {
      delete timers[questionId];
      save(section);
    }, TEXT_DELAY_MS);
  });

  retryButton.addEventListener("click", function () {
    Object.keys(failed).forEach(function (questionId) {
      var section = failed[questionId];
      delete failed[questionId];
      save(section);
    });
  });

  form.addEventListener("submit", function () {
    // The form itself saves every question shown; no need to warn about leaving.
    leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving) {
      return;
    }
    if (running > 0 || hasFailures() || Object.keys(timers).length > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- countdown (the server decides; this only shows the time left) ------------------
  var timer = document.getElementById("cw-timer");
  if (!timer) {
    return;
  }
  var valueEl = document.getElementById("cw-timer-value");
  var alertEl = document.getElementById("cw-timer-alert");
  var endsAt = Date.now() + Number(timer.getAttribute("data-remaining")) * 1000;
  var announced = {};
  var GRACE_MS = 32000; // the server's 30 s grace, and a little more

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function format(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return hours ? hours + ":" + pad(minutes) + ":" + pad(rest) : minutes + ":" + pad(rest);
  }

  function announce(key, text) {
    if (!announced[key]) {
      announced[key] = true;
      alertEl.textContent = text;
    }
  }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    valueEl.textContent = format(left);
    if (left <= 300 && left > 60) {
      announce("5", "5 minutes left.");
    } else if (left <= 60 && left > 0) {
      announce("1", "1 minute left.");
    }
    if (left === 0) {
      announce("0", "Time is up. The answers you saved will be submitted.");
      timer.classList.add("is-over");
      document.querySelectorAll("[data-question-id]").forEach(flushText);
      // After the server's grace period, reloading shows the submitted attempt.
      setTimeout(function () {
        leaving = true;
        window.location.assign(form.getAttribute("data-take-url"));
      }, GRACE_MS);
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
