// The network in a real browser (SPEC S6): the beheerder invites a relative with "Alleen de
// agenda"; the relative opens the e-mail's link, creates an account (without a letter), comes
// back to the invitation, accepts, adds a phone number as second factor and sees the
// appointments but no reports or documents. Pages are checked with axe on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, axeViolations, loginDemoAccount } from "./support.mjs";

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

/** Waits until the demo outbox lists something matching `pattern`. */
async function waitForOutbox(page, pattern) {
  for (let i = 0; i < 60; i++) {
    await page.goto(server.base + "/dev/outbox");
    if (pattern.test(await page.content())) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing matching ${pattern} in the outbox`);
}

/** The code in the SMS to the number ending in `digits` (the outbox holds the beheerder's too). */
async function smsCodeFor(page, digits) {
  const row = new RegExp(`${digits}</td><td>Je code voor Zorgkring is (\\d{6})`);
  for (let i = 0; i < 60; i++) {
    await page.goto(server.base + "/dev/outbox");
    const m = (await page.content()).match(row);
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no SMS code for ${digits} in the outbox`);
}

async function noAxeViolations(page, name) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
}

test("a relative invited with 'Alleen de agenda' sees the appointments and nothing more", async () => {
  const options = { bypassCSP: true, viewport: { width: 1024, height: 800 } };
  const beheerderContext = await browser.newContext(options);
  const beheerder = await beheerderContext.newPage();
  await loginDemoAccount(beheerder, server);
  const own = await beheerder.content();
  assert.ok(own.includes("Je volgende afspraken"));

  await beheerder.getByRole("link", { name: "Naasten" }).click();
  await noAxeViolations(beheerder, "naasten");
  await beheerder.getByRole("link", { name: "Iemand uitnodigen" }).click();
  await beheerder.getByLabel("Naam", { exact: true }).fill("Ria Jansen");
  await beheerder.getByLabel("E-mailadres", { exact: true }).fill("ria.e2e@voorbeeld.example");
  await beheerder.getByLabel("Nederlands", { exact: true }).check();
  await beheerder.getByLabel("Ouder", { exact: true }).check();
  await beheerder.getByLabel("Alleen de agenda", { exact: true }).check();
  await noAxeViolations(beheerder, "uitnodigen");
  await beheerder.getByRole("button", { name: "Uitnodiging sturen" }).click();
  const network = await beheerder.content();
  assert.ok(network.includes("Open uitnodigingen") && network.includes("ria.e2e@voorbeeld.example"));
  await beheerderContext.close();

  // The relative, in another browser: the e-mail, its link, an account without a letter.
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await waitForOutbox(page, /nodigt je uit in Zorgkring/);
  await page.getByRole("link", { name: /nodigt je uit in Zorgkring/ }).first().click();
  await page.locator("a[href*='/uitnodiging/']").first().click();
  assert.match(await page.content(), /nodigt je uit om mee te kijken op de zorgpagina van/);
  assert.ok((await page.content()).includes("Gedeelde agenda"));
  assert.ok(!(await page.content()).includes("<li>Verslagen</li>"));
  await noAxeViolations(page, "uitnodiging");
  await page.getByRole("link", { name: "Account aanmaken" }).click();

  await page.getByLabel("Ik ga akkoord met de voorwaarden").check();
  await page.getByRole("button", { name: "Start met Zorgkring" }).click();
  await page.getByLabel("Voornaam").fill("Ria");
  await page.getByLabel("Achternaam").fill("Jansen");
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.getByLabel("Ik ontvang hulp").check();
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.getByLabel(/Ja, Ria Jansen heeft een eigen e-mailadres/).check();
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.getByLabel("E-mailadres").fill("ria.e2e@voorbeeld.example");
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.getByLabel("Nee").check();
  await page.getByRole("button", { name: "Verder" }).click();
  await page.getByRole("button", { name: "Account maken zonder brief" }).click();
  await page.getByRole("button", { name: "Volgende" }).click();
  assert.equal(await page.locator("h1").innerText(), "We hebben je een e-mail gestuurd");

  await waitForOutbox(page, /Activeer je account bij Zorgkring/);
  await page.getByRole("link", { name: "Activeer je account bij Zorgkring" }).first().click();
  await page.locator("a[href*='/activeren/']").first().click();
  await page.getByRole("button", { name: "Account activeren" }).click();
  await page.getByLabel("Wachtwoord", { exact: true }).fill("zonnebloem kikker winter");
  await page.getByLabel("Vul je wachtwoord nog een keer in").fill("zonnebloem kikker winter");
  await page.getByRole("button", { name: "Volgende" }).click();
  assert.equal(await page.locator("h1").innerText(), "Je account is aangemaakt!");
  await page.getByRole("link", { name: "Start met Zorgkring" }).click();

  // Back at the invitation, now logged in.
  await page.waitForURL(/\/uitnodiging\//);
  await page.getByRole("button", { name: "Accepteren" }).click();
  await page.waitForURL(/\/zorgpagina\?pagina=/);
  const careUrl = page.url();
  assert.ok((await page.content()).includes("Voeg je telefoonnummer toe"));
  assert.ok(!(await page.content()).includes("Je volgende afspraken"));

  // A second factor, as the other browser tests set it up.
  await page.getByRole("link", { name: "Telefoonnummer toevoegen" }).click();
  await page.getByLabel("Mobiel telefoonnummer").fill("06 8765 4321");
  await page.getByRole("button", { name: "Stuur een code" }).click();
  const code = await smsCodeFor(page, "87654321");
  await page.goto(server.base + "/profiel/telefoon/code");
  await page.getByLabel("Code uit de sms").fill(code);
  await page.getByRole("button", { name: "Volgende" }).click();

  await page.goto(careUrl);
  const care = await page.content();
  assert.ok(care.includes("Je volgende afspraken"), "the appointments");
  for (const hidden of ["Verslagen</h3>", "Documenten</h3>", "Jouw behandelaar", "/zorgpagina/documenten/", "/zorgpagina/verslagen/"]) {
    assert.ok(!care.includes(hidden), `${hidden} shown`);
  }
  await noAxeViolations(page, "zorgpagina van een naaste");
  await context.close();
});
