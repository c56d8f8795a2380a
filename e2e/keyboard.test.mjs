// The registration of the first seed text with the keyboard only (WCAG 2.1.1, 2.4.7): Tab,
// Shift+Tab, Enter, Space and typing, no mouse, from the home page to the care page. Every
// element that gets the focus on the way must show it (an outline or a shadow). Only opening
// the activation e-mail in the demo outbox is a plain visit, as a mail program would be.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser } from "./support.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the focused element is, and whether its focus can be seen. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { none: true };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    return {
      none: false,
      visible: outline || shadow,
      describe: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} ${el.getAttribute("href") ?? ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `selector` has the focus, checking each stop on the way. */
async function tabTo(page, selector, { back = false, stops } = {}) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (f.none) continue;
    assert.ok(f.visible, `the focus on ${f.describe} is not visible`);
    stops?.push(f.describe);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} cannot be reached with Tab on ${page.url()}`);
}

function dutch(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** Tabs to the form's button and presses Enter; waits for the next page. */
async function submit(page) {
  await tabTo(page, "main form button[type=submit]");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

/** Tabs to the first choice of a radio group (the one wanted) and ticks it with Space. */
async function choose(page, selector) {
  await tabTo(page, selector);
  await page.keyboard.press("Space");
  assert.ok(await page.locator(selector).isChecked(), `${selector} is ticked`);
}

async function type(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

test("a client creates an account with the keyboard alone, and always sees where the focus is", async () => {
  const letter = server.demo.letters.find((l) => l.status === "valid" && l.intended_for === "client");
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  const stops = [];
  await page.goto(server.base + "/");

  // The skip link comes first and is visible when focused.
  await tabTo(page, "a.skip-link", { stops });
  await tabTo(page, "main a[href='/account-aanmaken']", { stops });
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);

  await tabTo(page, "#f-akkoord", { stops });
  await page.keyboard.press("Space");
  await submit(page);

  await type(page, "#f-voornaam", "Kees");
  await type(page, "#f-achternaam", "Jansen");
  await submit(page);
  await choose(page, "#f-rol-ontvang");
  await submit(page);
  await choose(page, "#f-beheer-zelf");
  await submit(page);
  await type(page, "#f-email", "kees.toetsenbord@voorbeeld.example");
  // Back with Shift+Tab to the name field's page is not needed: Enter in a field sends the form.
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  await choose(page, "#f-brief-ja");
  await submit(page);
  await type(page, "#f-code", letter.code);
  await type(page, "#f-geboortedatum", dutch(letter.birth_date));
  // Shift+Tab goes back to the code field, and its focus shows too.
  await tabTo(page, "#f-code", { back: true, stops });
  await submit(page);
  await choose(page, "#f-klopt-ja");
  await submit(page);
  await submit(page);
  assert.match(page.url(), /e-mail-verstuurd/);

  // The e-mail, in the demo outbox; its link is reached with Tab too.
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.goto(server.base + "/dev/outbox");
    found = (await page.locator("tr", { hasText: "kees.toetsenbord@voorbeeld.example" }).count()) > 0;
    if (!found) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(found, "the activation e-mail is in the outbox");
  await tabTo(page, "a[href^='/dev/outbox/mail/']");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  await tabTo(page, "a[href*='/activeren/']");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  await submit(page);

  await type(page, "#f-wachtwoord", "toetsenbord lamp fiets water");
  await type(page, "#f-herhaling", "toetsenbord lamp fiets water");
  await submit(page);
  assert.match(page.url(), /\/account-aanmaken\/klaar/);
  await tabTo(page, "main a.button-primary", { stops });
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.match(page.url(), /\/zorgpagina/);
  assert.ok((await page.content()).includes("Voeg je telefoonnummer toe"));
  // The help button is reachable and visibly focused as well.
  await tabTo(page, "a.help-button", { stops });
  assert.ok(stops.length >= 5, `focus stops seen: ${stops.join(" | ")}`);
  await context.close();
});
