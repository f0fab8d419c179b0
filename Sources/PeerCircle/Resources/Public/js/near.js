// PeerCircle "near me": asks the browser for its position only when the button is pressed, and
// puts it (rounded to about 100 m) in the directory's search form. Nothing is stored.
(function () {
  "use strict";
  var button = document.getElementById("near-me");
  if (!button || !navigator.geolocation) return;
  var form = button.form;
  var status = document.getElementById("near-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    if (status) status.textContent = "Finding where you are…";
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.lat.value = position.coords.latitude.toFixed(3);
      form.elements.lng.value = position.coords.longitude.toFixed(3);
      form.elements.near.value = "";
      form.submit();
    }, function () {
      if (status) status.textContent = "Your location isn't available. Type a town or postcode instead.";
    }, { timeout: 15000, maximumAge: 600000 });
  });
})();
