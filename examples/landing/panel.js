// The "try a visitor" panel of the landing-page example. A real site would
// write these host facts into <script data-slotwise-context> on the server
// (from a geo header, the logged-in customer); here they come from the URL.
(function () {
  var params = new URLSearchParams(location.search);
  var facts = {};
  if (params.get("city")) facts.geo = { city: params.get("city") };
  if (params.get("customer") || params.get("name")) {
    facts.user = {};
    if (params.get("customer")) facts.user.type = params.get("customer");
    if (params.get("name")) facts.user.firstName = params.get("name");
  }

  window.slotwiseQueue = window.slotwiseQueue || [];
  window.slotwiseQueue.push(function (sw) {
    sw.set(facts);
    sw.on("decision", show);
    sw.ready.then(show);
    document.addEventListener("DOMContentLoaded", function () {
      document.getElementById("forget").addEventListener("click", function () {
        sw.forget();
        location.href = location.pathname;
      });
      // Each visitor link is a new visitor with exactly its facts: what this device
      // remembered (page views, a campaign) is forgotten first, as "Forget me" does.
      Array.prototype.forEach.call(document.querySelectorAll(".visitors a"), function (link) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          sw.forget();
          location.href = link.href;
        });
      });
      journeyButton("view-product", "product_page_viewed");
      journeyButton("click-email", "email_clicked");
      // A reply on WhatsApp also tells the shop which channel this visitor answers on.
      journeyButton("reply-whatsapp", "whatsapp_replied", { user: { preferredChannel: "whatsapp" } });
      journeyButton("abandon-checkout", "checkout_abandoned");
    });

    // "Simulate the journey": each button is a track() call; the profile is profile().
    sw.ready.then(showProfile);
    sw.on("segment", showProfile);
    sw.on("stage", showProfile);
    // Script-tag pages hear next best actions as a DOM event too; this is where a shop calls its CRM.
    document.addEventListener("slotwise:action", function (event) {
      var a = event.detail;
      var params = Object.keys(a.params).map(function (key) { return key + "=" + a.params[key]; }).join(", ");
      var box = document.getElementById("actions");
      var line = a.action + " via " + a.channel + " (" + a.timing + (params ? "; " + params : "") + ") from rule '" + a.rule + "'";
      if (box) box.textContent = (box.textContent === "none yet" ? "" : box.textContent + "\n") + line;
      showProfile();
    });

    function journeyButton(id, eventName, facts) {
      document.getElementById(id).addEventListener("click", function () {
        if (facts) sw.set(facts);
        sw.track(eventName);
        // Deciding takes a few promise turns; show the profile once they are done.
        setTimeout(showProfile, 0);
      });
    }

    function showProfile() {
      var box = document.getElementById("profile");
      if (!box) return;
      var p = sw.profile();
      var next = p.next_best_action;
      box.textContent = [
        "intent_score: " + (p.intent_score === null ? "none" : p.intent_score),
        "lifecycle_stage: " + (p.lifecycle_stage || "none"),
        "segments: " + (p.segments.join(", ") || "none"),
        "preferred_channel: " + (p.preferred_channel || "unknown"),
        "next_best_action: " + (next ? next.action + " via " + next.channel + " (" + next.timing + ")" : "none now"),
        "recent_events: " + (p.recent_events.map(function (e) { return e.name; }).join(", ") || "none"),
      ].join("\n");
    }

    function show() {
      sw.decide().then(function (decisions) {
        var panel = document.getElementById("why");
        if (panel) panel.textContent = decisions
          .map(function (d) {
            var reason = d.reason === "MATCH" ? "rule '" + d.rule + "' matched" : d.reason === "ERROR" ? "error " + d.errorCode : "no rule matched";
            return d.slot + " → " + (d.variant || "default") + " (" + reason + ")";
          })
          .join("\n");
      });
    }
  });
})();
