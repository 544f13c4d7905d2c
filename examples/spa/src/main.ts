/**
 * The single-page app example: Slotwise from npm (`import … from "slotwise"`),
 * rules bundled with the app, client-side routes, and `track()` on what the
 * visitor does. Run it with `npm run example:spa`.
 */
import { createSlotwise } from "slotwise";
import rules from "../rules.json";
import { createExposureLog } from "./exposure-log.js";
import { createRouter } from "./router.js";
import { ROUTES } from "./routes.js";

const outlet = document.getElementById("app");
const log = document.getElementById("exposures");
if (!outlet || !log) throw new Error("index.html lacks #app or #exposures");

// Bundled rules are there at once: the first decisions need no network. (The
// header's slots, already in index.html, stay hidden until decided: style.css.)
// Slotwise watches route changes itself (`navigation` is on by default).
const sw = createSlotwise({ rules });
const exposures = createExposureLog(log);
sw.on("exposure", exposures.exposure);
sw.on("error", exposures.error);

const router = createRouter(outlet, ROUTES, (route) => {
  // A page view of the pricing page is behaviour the rules read (`events.pricing_page_viewed.count`).
  if (route.path === "/pricing") sw.track("pricing_page_viewed");
});

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const plan = target?.closest<HTMLElement>("[data-add-to-cart]")?.dataset.addToCart;
  if (plan) {
    sw.track("add_to_cart", { plan });
    return;
  }
  if (target?.closest("#forget")) {
    sw.forget();
    router.go("/");
  }
});

router.start();
