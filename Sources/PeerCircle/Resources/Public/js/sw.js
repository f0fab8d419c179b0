// PeerCircle service worker: shows a push and opens the page it leads to. Hand-written, no
// dependencies. It keeps no copy of any page (no fetch handler, no cache), so a shared phone holds
// nothing of PeerCircle offline; a push says only what the server put in it.
"use strict";

function samePath(path) {
  if (typeof path !== "string") return null;
  try {
    var url = new URL(path, self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search : null;
  } catch (e) {
    return null;
  }
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  // Without a title of its own, a neutral one: the instance may go by a name other than PeerCircle.
  var title = typeof data.title === "string" && data.title ? data.title.slice(0, 80) : "Notification";
  var options = {
    body: typeof data.body === "string" ? data.body.slice(0, 300) : "",
    icon: "/assets/icon-192.png",
    data: { url: samePath(data.url) || "/notifications" },
    // A call for support stays on screen until it is seen, and sounds again when it comes again.
    requireInteraction: data.urgent === true
  };
  if (typeof data.tag === "string" && data.tag) {
    options.tag = data.tag;
    options.renotify = data.urgent === true;
  }
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var path = (event.notification.data && samePath(event.notification.data.url)) || "/notifications";
  event.waitUntil(self.clients.openWindow(path));
});

// The browser replaced this device's subscription: tell the server where its pushes go now. The old
// subscription's secret is the proof (no cookie is sent); a browser that gives no old one cannot.
self.addEventListener("pushsubscriptionchange", function (event) {
  var old = event.oldSubscription && event.oldSubscription.toJSON();
  if (!old || !old.keys) return;
  var fresh = event.newSubscription ? Promise.resolve(event.newSubscription)
    : self.registration.pushManager.subscribe(event.oldSubscription.options);
  event.waitUntil(fresh.then(function (subscription) {
    var now = subscription.toJSON();
    return fetch("/api/v1/push/renew", {
      method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ old_endpoint: old.endpoint, old_auth: old.keys.auth, endpoint: now.endpoint, keys: now.keys })
    });
  }).catch(function () {}));
});
