// PeerCircle pushes: turns pushes on for this device from the notification settings page — asks the
// browser's permission, subscribes with this server's key, and posts the subscription in the page's
// own form. Hand-written, no dependencies; without it the page works and only this button is absent.
(function () {
  "use strict";
  var form = document.getElementById("push-form");
  if (!form) return;
  var status = document.getElementById("push-status");
  var button = form.querySelector("button");
  function say(text) { status.textContent = text; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("This browser cannot show pushes. On an iPhone or iPad, add this site to your home screen first (Share, then Add to Home Screen) and open it from there.");
    return;
  }
  button.hidden = false;

  function key(text) {
    var plain = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(plain);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // A browser without a working push service may never answer: give up after a while.
  function inTime(promise) {
    return Promise.race([promise, new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("timeout")); }, 15000);
    })]);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    say("Asking your browser…");
    // The person may take their time over the browser's question; only what follows has a limit.
    Notification.requestPermission().then(function (answer) {
      if (answer !== "granted") throw new Error("denied");
      return navigator.serviceWorker.register("/sw.js");
    }).then(function () {
      return inTime(navigator.serviceWorker.ready);
    }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (old) {
        return old || inTime(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(form.getAttribute("data-key")) }));
      });
    }).then(function (subscription) {
      var json = subscription.toJSON();
      form.elements.endpoint.value = json.endpoint || "";
      form.elements.p256dh.value = (json.keys && json.keys.p256dh) || "";
      form.elements.auth.value = (json.keys && json.keys.auth) || "";
      form.submit();
    }).catch(function (error) {
      button.disabled = false;
      say(error && error.message === "denied"
        ? "Your browser blocks notifications from this site. Allow them in the browser's settings for this site, then try again."
        : "Your browser could not turn pushes on just now. Please try again later.");
    });
  });
})();
