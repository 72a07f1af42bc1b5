/*
 * Quiz autosave and countdown for the take page. No framework: plain fetch.
 *
 * One writer per attempt. Every change of a question's inputs is recorded as that
 * question's whole answer in `pending` (and in the browser's storage, keyed by attempt,
 * until the server acknowledges it). At most one save request is in flight: changes
 * made meanwhile are coalesced into the next request, which may carry several
 * questions (the server applies them all or none). A question the student cleared is
 * sent with an explicit `q<id>-clear=1`, so a save that lost its fields is refused by
 * the server instead of erasing an answer.
 *
 * Failed saves retry by themselves with backoff (about 1, 2, 4, 8 … 30 s, with jitter)
 * until they succeed or the page is left; "Retry now" sends at once. On reload, a local
 * copy that the server has not seen (the server's saved time for the question is not
 * later than the one the change was made on) is put back into the form and sent again.
 *
 * The page works without this script: the form's "Save answers" button posts
 * everything. The server's reply never says whether an answer is right.
 */
(function () {
  "use strict";

  var form = document.getElementById("cw-answers");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var statusEl = document.getElementById("cw-save-status");
  var retryButton = document.getElementById("cw-save-retry");
  var noticeEl = document.getElementById("cw-restored-notice");
  var saveUrl = form.getAttribute("data-autosave-url");
  var storageKey = "claimwise:attempt:" + form.getAttribute("data-attempt-id") + ":unsaved";
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");

  var TEXT_DELAY_MS = 700;
  var REQUEST_TIMEOUT_MS = 20000;
  var FIRST_RETRY_MS = 1000;
  var LONGEST_RETRY_MS = 30000;

  // question id -> {fields: [[name, value], ...], base: server saved time it was made on,
  //                 version: n}
  var pending = {};
  // question id -> the server's saved time for it, as this page knows it ("" if never).
  var savedAt = {};
  var version = 0;
  var inFlight = false;
  var retryDelay = 0;
  var retryTimer = null;
  var textTimers = {};
  var leaving = false;
  var lastSavedDisplay = "";
  var lastStatus = "";

  // --- storage (may be unavailable: private windows, full quota) ---------------------

  function readLocal() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      return stored && stored.questions ? stored.questions : {};
    } catch (error) {
      return {};
    }
  }

  function writeLocal() {
    try {
      if (Object.keys(pending).length === 0) {
        window.localStorage.removeItem(storageKey);
      } else {
        window.localStorage.setItem(storageKey, JSON.stringify({ questions: pending }));
      }
    } catch (error) {
      // Nothing to do: the in-page copy and the retries still hold the answers.
    }
  }

  // --- status -------------------------------------------------------------------------

  function setStatus(text, state) {
    // The status is a polite live region: only a change of text is announced.
    if (text !== lastStatus) {
      statusEl.textContent = text;
      lastStatus = text;
    }
    statusEl.setAttribute("data-state", state);
    retryButton.classList.toggle("d-none", state !== "retrying" && state !== "error");
  }

  function describeWait(ms) {
    return Math.max(1, Math.round(ms / 1000)) + " s";
  }

  // --- the form -----------------------------------------------------------------------

  function sectionFor(questionId) {
    return form.querySelector('[data-question-id="' + questionId + '"]');
  }

  // A reason select belongs to one sentence's checkbox (data-reason-for): its value is part
  // of the answer only while that sentence is ticked, so unticking the last sentence still
  // sends an explicit clear, and a reason never travels without its pick.
  function reasonIsLive(select) {
    var box = document.getElementById(select.getAttribute("data-reason-for") || "");
    return !box || box.checked;
  }

  function fieldsOf(section) {
    var fields = [];
    section.querySelectorAll("input[name], select[name]").forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) {
        return;
      }
      if (input.tagName === "SELECT" && !reasonIsLive(input)) {
        return;
      }
      fields.push([input.name, input.value]);
    });
    return fields;
  }

  function putIntoForm(section, fields) {
    section.querySelectorAll("input[name], select[name]").forEach(function (input) {
      var match = fields.filter(function (field) {
        return field[0] === input.name;
      });
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = match.some(function (field) {
          return field[1] === input.value;
        });
      } else {
        input.value = match.length ? match[0][1] : "";
      }
    });
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

  function record(questionId, fields) {
    version += 1;
    var base = pending[questionId] ? pending[questionId].base : savedAt[questionId] || "";
    pending[questionId] = { fields: fields, base: base, version: version };
    writeLocal();
  }

  // --- sending ------------------------------------------------------------------------

  function csrfToken() {
    // The cookie first: a sign-in in another tab renews it, and the form's copy goes stale.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : tokenInput ? tokenInput.value : "";
  }

  function body(sent) {
    var data = new FormData();
    Object.keys(sent).forEach(function (questionId) {
      var fields = sent[questionId].fields;
      data.append("question", questionId);
      var hasValue = fields.some(function (field) {
        return field[1] !== "" && field[0].indexOf("-reason-") === -1;
      });
      if (hasValue) {
        fields.forEach(function (field) {
          data.append(field[0], field[1]);
        });
      } else {
        data.append("q" + questionId + "-clear", "1");
      }
    });
    return data;
  }

  function post(data) {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, REQUEST_TIMEOUT_MS);
    return fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: data,
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null; // not our JSON: a proxy's error page, say
          })
          .then(function (json) {
            return { status: response.status, body: json };
          });
      })
      .finally(function () {
        clearTimeout(timeout);
      });
  }

  function scheduleRetry(text, state) {
    retryDelay = retryDelay ? Math.min(retryDelay * 2, LONGEST_RETRY_MS) : FIRST_RETRY_MS;
    var wait = Math.round(retryDelay * (0.8 + Math.random() * 0.4));
    setStatus(text.replace("{wait}", describeWait(wait)), state);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flush();
    }, wait);
  }

  function acknowledge(sent, reply) {
    retryDelay = 0;
    lastSavedDisplay = reply.saved_at_display;
    Object.keys(sent).forEach(function (questionId) {
      savedAt[questionId] = reply.saved_at;
      var entry = pending[questionId];
      if (entry && entry.version === sent[questionId].version) {
        delete pending[questionId];
      } else if (entry) {
        entry.base = reply.saved_at; // changed again meanwhile: newer than this save
      }
      if (reply.answered && questionId in reply.answered) {
        markAnswered(questionId, reply.answered[questionId]);
      }
    });
    writeLocal();
  }

  function handle(sent, result) {
    var status = result.status;
    var reply = result.body || {};
    if (status === 200 && reply.saved) {
      acknowledge(sent, reply);
      return;
    }
    if (status === 409) {
      // The attempt is over (time up, or submitted in another tab): show its review.
      pending = {};
      writeLocal();
      leaving = true;
      setStatus(
        reply.code === "time_up"
          ? "Time is up — your answers were submitted"
          : "This attempt was already submitted",
        "closed"
      );
      if (reply.review_url) {
        window.location.assign(reply.review_url);
      }
      return;
    }
    if (status === 401) {
      scheduleRetry(
        "Not saved yet — you are signed out. Sign in again in another tab; retrying in {wait}",
        "retrying"
      );
      return;
    }
    if (status === 400 || status === 404 || (status === 403 && reply.code !== "csrf")) {
      // Retrying cannot help; the answers stay on this device until the page is reloaded.
      setStatus("Not saved — " + (reply.error || "reload the page and try again."), "error");
      return;
    }
    // 5xx, 503, 429, a stale token, or an answer that is not ours: the server is busy.
    scheduleRetry("Not saved yet — the server is busy, retrying in {wait}", "retrying");
  }

  function flush() {
    if (inFlight || retryTimer || leaving) {
      return;
    }
    var questionIds = Object.keys(pending);
    if (questionIds.length === 0) {
      // "Saved" only when nothing is waiting: not even typing that is about to be sent.
      if (Object.keys(textTimers).length > 0) {
        setStatus("Typing…", "pending");
      } else if (lastSavedDisplay) {
        setStatus("Saved " + lastSavedDisplay, "saved");
      }
      return;
    }
    var sent = {};
    questionIds.forEach(function (questionId) {
      sent[questionId] = pending[questionId];
    });
    inFlight = true;
    setStatus("Saving…", "saving");
    post(body(sent))
      .then(
        function (result) {
          handle(sent, result);
        },
        function () {
          if (navigator.onLine === false) {
            scheduleRetry("Not saved yet — you are offline, retrying", "offline");
          } else {
            scheduleRetry("Not saved yet — the server is busy, retrying in {wait}", "retrying");
          }
        }
      )
      .then(function () {
        inFlight = false;
        if (!retryTimer && !leaving) {
          flush(); // what changed while this save was in flight, if anything
        }
      });
  }

  function retryNow() {
    clearTimeout(retryTimer);
    retryTimer = null;
    flush();
  }

  function changed(section) {
    record(section.getAttribute("data-question-id"), fieldsOf(section));
    flush();
  }

  function flushText(section) {
    var questionId = section.getAttribute("data-question-id");
    if (textTimers[questionId]) {
      clearTimeout(textTimers[questionId]);
      delete textTimers[questionId];
      flush();
    }
  }

  // --- start: what the server has, and what this device still holds ------------------

  document.querySelectorAll("[data-map-question]").forEach(function (link) {
    savedAt[link.getAttribute("data-map-question")] = link.getAttribute("data-saved-at") || "";
  });

  function serverIsNewer(serverTime, base) {
    if (!serverTime) {
      return false;
    }
    if (!base) {
      return true;
    }
    return Date.parse(serverTime) > Date.parse(base);
  }

  var restored = 0;
  var local = readLocal();
  Object.keys(local).forEach(function (questionId) {
    var entry = local[questionId];
    if (!entry || !entry.fields || !(questionId in savedAt)) {
      return; // not a question of this attempt
    }
    if (serverIsNewer(savedAt[questionId], entry.base)) {
      return; // saved since (by this page before a reload, or another tab): the server wins
    }
    var section = sectionFor(questionId);
    if (section) {
      putIntoForm(section, entry.fields);
      entry.fields = fieldsOf(section); // drops choices the page no longer offers
    }
    version += 1;
    pending[questionId] = { fields: entry.fields, base: entry.base || "", version: version };
    restored += 1;
  });
  writeLocal();
  if (restored) {
    noticeEl.textContent =
      restored === 1
        ? "One answer you gave earlier had not reached the server. It is back in the form and being saved now."
        : restored +
          " answers you gave earlier had not reached the server. They are back in the form and being saved now.";
    noticeEl.classList.remove("d-none");
    flush();
  }

  // --- events -------------------------------------------------------------------------

  function sectionOf(element) {
    return element.closest("[data-question-id]");
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
    changed(section);
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
    // Kept on this device at once; sent when the typing pauses.
    record(questionId, fieldsOf(section));
    clearTimeout(textTimers[questionId]);
    if (!inFlight && !retryTimer) {
      setStatus("Typing…", "pending");
    }
    textTimers[questionId] = setTimeout(function () {
      delete textTimers[questionId];
      flush();
    }, TEXT_DELAY_MS);
  });

  retryButton.addEventListener("click", retryNow);
  window.addEventListener("online", retryNow);

  form.addEventListener("submit", function () {
    // The form saves every question it shows. Answers still pending for questions on
    // other pages ride along as hidden fields, so "Finish" or "Next" cannot leave them.
    Object.keys(textTimers).forEach(function (questionId) {
      flushText(sectionFor(questionId));
    });
    Object.keys(pending).forEach(function (questionId) {
      if (sectionFor(questionId)) {
        return;
      }
      var extra = [["question", questionId]].concat(pending[questionId].fields);
      extra.forEach(function (field) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = field[0];
        input.value = field[1];
        form.appendChild(input);
      });
    });
    leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving) {
      return;
    }
    if (inFlight || Object.keys(pending).length > 0 || Object.keys(textTimers).length > 0) {
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
      Object.keys(textTimers).forEach(function (questionId) {
        flushText(sectionFor(questionId));
      });
      retryNow();
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
