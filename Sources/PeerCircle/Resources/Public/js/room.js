// PeerCircle live room: connects, resumes after drops by sequence number, renders events.
// Hand-written, no dependencies. The page works without it (time, link and rules are server-rendered).
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var lastSeq = 0, me = null, name = "", socket = null, retry = 0, closedForGood = false;
  var queue = [], people = {}, timer = null, pending = null;

  // The share timer everyone sees: counts down from when the facilitator gave the floor.
  function countdown(who, endsAt, mine) {
    if (timer) { clearInterval(timer); timer = null; }
    var floor = $("floor");
    floor.hidden = false;
    floor.className = mine ? "notice strong your-turn" : "notice";
    function tick() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      var time = endsAt ? " — " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + " left" : ".";
      floor.textContent = mine ? "It's your turn to share" + time : who + " has the floor" + time;
      if (endsAt && left === 0) { clearInterval(timer); timer = null; floor.textContent = mine ? "Your time is up — thank you for sharing." : who + "'s time is up."; }
    }
    tick();
    if (endsAt) { timer = setInterval(tick, 1000); }
  }

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (cls) { el.className = cls; }
    return el;
  }

  function status(message) { $("status").textContent = message; }

  function send(command) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(command)); }
  }

  function renderQueue() {
    var list = $("queue");
    list.textContent = "";
    queue.forEach(function (p) { list.appendChild(text("li", p === me ? "You" : people[p] || "someone")); });
    $("waiting").hidden = queue.length === 0;
    var mine = queue.indexOf(me) >= 0;
    $("raise").hidden = mine;
    $("lower").hidden = !mine;
    var facilitator = $("people");
    if (!facilitator) { return; }
    facilitator.textContent = "";
    Object.keys(people).forEach(function (id) {
      if (id === me) { return; }
      // One menu per person; removing asks first, since it cannot be undone in the meeting.
      var li = text("li", "");
      var menu = document.createElement("details");
      menu.className = "actions";
      menu.appendChild(text("summary", people[id]));
      [["Give the floor", { type: "floor", participant: id, seconds: 180 }],
       ["Mute", { type: "mute", participant: id }], ["Unmute", { type: "unmute", participant: id }],
       ["Remove", { type: "remove", participant: id, block: false }, "Remove " + people[id] + " from this meeting?"],
       ["Remove and block", { type: "remove", participant: id, block: true }, "Remove " + people[id] + " and keep them out of this room?"]].forEach(function (action) {
        var b = text("button", action[0], "secondary");
        b.type = "button";
        b.addEventListener("click", function () {
          if (action[2] && !window.confirm(action[2])) { return; }
          send(action[1]);
          menu.open = false;
        });
        menu.appendChild(b);
      });
      li.appendChild(menu);
      facilitator.appendChild(li);
    });
  }

  function show(event) {
    if (event.seq <= lastSeq) { return; }
    lastSeq = event.seq;
    var who = event.name || "someone";
    if (event.participant && event.name) { people[event.participant] = event.name; }
    var line = null;
    switch (event.kind) {
      case "chat": line = text("li", who + ": " + event.text); break;
      case "joined": line = text("li", who + " came in.", "hint"); break;
      case "left":
        delete people[event.participant];
        queue = queue.filter(function (p) { return p !== event.participant; });
        line = text("li", who + " left.", "hint");
        break;
      case "hand_raised": if (queue.indexOf(event.participant) < 0) { queue.push(event.participant); } break;
      case "hand_lowered": queue = queue.filter(function (p) { return p !== event.participant; }); break;
      case "floor":
        queue = queue.filter(function (p) { return p !== event.target; });
        countdown(event.target_name || "Someone", event.seconds ? Date.parse(event.at) + event.seconds * 1000 : 0, event.target === me);
        break;
      case "reaction": line = text("li", who + " says thank you for sharing.", "hint"); break;
      case "muted": line = text("li", (event.target === me ? "You have" : (event.target_name || "Someone") + " has") + " been muted.", "hint"); break;
      case "unmuted": line = text("li", (event.target === me ? "You can" : (event.target_name || "Someone") + " can") + " speak again.", "hint"); break;
      case "removed":
        delete people[event.target];
        queue = queue.filter(function (p) { return p !== event.target; });
        if (event.target === me) { closedForGood = true; status("The facilitator has asked you to leave this meeting."); }
        break;
      case "locked": line = text("li", "The room is locked: no one new can come in.", "hint"); break;
      case "unlocked": line = text("li", "The room is open to newcomers again.", "hint"); break;
      case "closed": closedForGood = true; status("The meeting has ended. Thank you for being here."); break;
    }
    if (line) { line.dataset.seq = event.seq; $("messages").appendChild(line); }
    renderQueue();
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.socket);
    socket.addEventListener("open", function () {
      retry = 0;
      socket.send(JSON.stringify({ name: name, since: lastSeq, attendance: $("attendance").checked }));
    });
    socket.addEventListener("message", function (m) {
      var data = JSON.parse(m.data);
      if (data.type === "welcome") {
        me = data.participant;
        people[me] = data.name;
        (data.people || []).forEach(function (p) { people[p.id] = p.name; });
        if (lastSeq === 0) { lastSeq = data.seq || 0; queue = data.queue || []; renderQueue(); }
        $("enter").hidden = true;
        $("live").hidden = false;
        // Rules read once: folded from now on, so the conversation comes first.
        var rules = $("rules");
        if (rules) { rules.open = false; }
        try { localStorage.setItem("pc-rules-read", "1"); } catch (e) { /* private mode */ }
        status("You are in the room as " + data.name + ".");
      } else if (data.type === "event") {
        show(data);
      } else if (data.type === "care") {
        // The words worried the screen: ask gently first; sending anyway always works.
        pending = data.text;
        // An overdose happening now: the emergency call and naloxone steps show first.
        $("care-overdose").hidden = data.kind !== "overdose";
        $("care").hidden = false;
        $("care-send").focus();
      } else if (data.type === "refused" || data.type === "error") {
        status(data.message);
        if (data.type === "refused") { closedForGood = true; }
      }
    });
    socket.addEventListener("close", function () {
      if (closedForGood) { return; }
      retry = Math.min(retry + 1, 5);
      status("Connection lost; reconnecting…");
      setTimeout(connect, 500 * retry);
    });
  }

  try { if (localStorage.getItem("pc-rules-read") && $("rules")) { $("rules").open = false; } } catch (e) { /* private mode */ }
  $("enter").addEventListener("submit", function (e) {
    e.preventDefault();
    name = $("display_name").value;
    connect();
  });
  $("say").addEventListener("submit", function (e) {
    e.preventDefault();
    var field = $("message");
    if (field.value.trim()) { send({ type: "chat", text: field.value }); field.value = ""; }
  });
  $("care-send").addEventListener("click", function () {
    if (pending !== null) { send({ type: "chat", text: pending, ack: true }); }
    pending = null;
    $("care").hidden = true;
  });
  $("care-edit").addEventListener("click", function () {
    if (pending !== null) { $("message").value = pending; }
    pending = null;
    $("care").hidden = true;
    $("message").focus();
  });
  $("raise").addEventListener("click", function () { send({ type: "raise" }); });
  $("lower").addEventListener("click", function () { send({ type: "lower" }); });
  if ($("lock")) {
    $("lock").addEventListener("click", function () { send({ type: "lock" }); });
    $("unlock").addEventListener("click", function () { send({ type: "unlock" }); });
  }
}());
