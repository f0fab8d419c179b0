// PeerCircle live notices: listens on the member's own channel and shows SOS alerts at the top
// of whatever page is open. Hand-written, no dependencies; text is inserted as text, never HTML.
// Installable as an app (see /manifest.webmanifest); the service worker only shows pushes.
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(function () {});

(function () {
  "use strict";
  var region = document.getElementById("live-notices");
  if (!region || !window.WebSocket) return;
  var delay = 1000;

  function show(message) {
    var box = document.createElement("p");
    box.className = message.type === "sos" ? "live-alert" : "notice";
    box.setAttribute("role", message.type === "sos" ? "alert" : "status");
    box.appendChild(document.createTextNode(message.text + " "));
    if (message.path && message.path.charAt(0) === "/" && message.path.charAt(1) !== "/") {
      var link = document.createElement("a");
      link.href = message.path;
      link.appendChild(document.createTextNode(message.type === "sos" ? "Open" : "See"));
      box.appendChild(link);
    }
    region.appendChild(box);
  }

  // The member's own alert page keeps "who was told, who saw it, who is here" current in place.
  var status = document.getElementById("alert-status");
  var refreshing = false;
  function refresh() {
    if (!status || refreshing || !window.fetch || !window.DOMParser) return;
    refreshing = true;
    fetch(location.pathname, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("alert-status");
      if (fresh) { status.replaceWith(fresh); status = fresh; }
      else { status.remove(); status = null; }
    }).catch(function () { /* next time */ }).then(function () { refreshing = false; });
  }
  if (status) setInterval(refresh, 20000);

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/live");
    socket.onopen = function () { delay = 1000; region.setAttribute("data-live", "open"); };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (status && message.alert === status.getAttribute("data-alert")) { refresh(); return; }
      if (message.type === "sos-update") return;
      show(message);
    };
    socket.onclose = function () {
      region.removeAttribute("data-live");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
