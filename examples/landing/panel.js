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
    });

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
