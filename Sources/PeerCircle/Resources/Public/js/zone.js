// PeerCircle time zone: tells the server the browser's time zone (a cookie, nothing else), so a
// visitor sees meeting times in their own time. Reloads once when the page was drawn in another zone.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
  var had = document.cookie.match(/(?:^|; )pc_tz=([^;]*)/);
  var same = had && decodeURIComponent(had[1]) === zone;
  document.cookie = "pc_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  // Sign-up: preselect the detected zone when the server did not know it yet.
  var select = document.querySelector("select[name=time_zone][data-detect]");
  if (select && !same) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.value = zone; break; }
    }
  }
  var drawn = document.body.getAttribute("data-zone");
  if (!same && drawn && drawn !== zone && !sessionStorage.getItem("pc_tz_reloaded")) {
    sessionStorage.setItem("pc_tz_reloaded", "1");
    location.reload();
  }
})();
