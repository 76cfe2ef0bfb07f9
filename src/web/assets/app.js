// Live updates for the phones' page. The page works without this file:
// every form posts and the answer reloads the page. With it, the server's
// events (GET /events) say when the room has changed, and the parts of the
// page marked data-live are fetched again and swapped in, leaving the form
// a person is typing in alone; when the room moves to another stage the
// page is loaded afresh. The clock counts down between updates.
(function () {
  "use strict";
  var main = document.querySelector("main[data-version]");
  if (!main || !window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }
  var busy = false;
  var again = false;

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    // ?live: a line left for the person (what became of their last post)
    // waits for the page they load next, not this fetch.
    fetch(location.pathname + "?live", { credentials: "same-origin" })
      .then(function (response) {
        // Sent back to the first page (the table was removed, the room
        // restarted): show that page whole.
        if (response.redirected || !response.ok) {
          location.reload();
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        // The room moved to another stage, which asks for other things:
        // the page is drawn afresh.
        var freshMain = fresh.querySelector("main[data-stage]");
        if (!freshMain || freshMain.getAttribute("data-stage") !== main.getAttribute("data-stage")) {
          location.reload();
          return;
        }
        document.querySelectorAll("[data-live]").forEach(function (old) {
          var part = fresh.getElementById(old.id);
          if (part) {
            old.replaceWith(document.importNode(part, true));
          }
        });
        startClock();
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  var ticking = null;
  function startClock() {
    if (ticking) {
      clearInterval(ticking);
      ticking = null;
    }
    var clock = document.querySelector(".clock[data-left]");
    if (!clock) {
      return;
    }
    var ends = Date.now() + Number(clock.getAttribute("data-left")) * 1000;
    ticking = setInterval(function () {
      var left = Math.ceil((ends - Date.now()) / 60000);
      clock.textContent = left <= 0 ? "Time is up" : left === 1 ? "1 minute left" : left + " minutes left";
    }, 15000);
  }

  var events = new EventSource("/events?since=" + encodeURIComponent(main.getAttribute("data-version")));
  events.addEventListener("change", refresh);
  startClock();
})();
