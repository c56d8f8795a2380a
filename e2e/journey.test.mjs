// The journey of the first seed text in a real browser: from "Account aanmaken" on the home page
// to the care page with its behandelaar and afspraken, reading the activation e-mail and the SMS
// code from the demo outbox. Every step is saved as a screenshot (for the help pages) and checked
// with axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, screenshot, axeViolations } from "./support.mjs";

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

function dutch(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** Waits until the demo outbox lists something matching `pattern`, and returns the page HTML. */
async function waitForOutbox(page, pattern) {
  for (let i = 0; i < 60; i++) {
    await page.goto(server.base + "/dev/outbox");
    const html = await page.content();
    if (pattern.test(html)) return html;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing matching ${pattern} in the outbox`);
}

test("a client creates an account with a letter and sees their care page", async () => {
  const letter = server.demo.letters.find((l) => l.status === "valid" && l.intended_for === "client");
  const client = server.demo.clients.find((c) => c.client_number === letter.client_number);
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  let step = 0;
  const shot = async (name) => {
    step += 1;
    await screenshot(page, `journey-${String(step).padStart(2, "0")}-${name}`);
    assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  };

  await page.goto(server.base + "/");
  await page.getByRole("link", { name: "Account aanmaken" }).click();
  await shot("voorwaarden");
  await page.getByLabel("Ik ga akkoord met de voorwaarden").check();
  await page.getByRole("button", { name: "Start met Zorgkring" }).click();

  await page.getByLabel("Voornaam").fill("Sanne");
  await page.getByLabel("Achternaam").fill("de Vries");
  await shot("naam");
  await page.getByRole("button", { name: "Volgende" }).click();

  await page.getByLabel("Ik ontvang hulp").check();
  await shot("rol");
  await page.getByRole("button", { name: "Volgende" }).click();

  await page.getByLabel(/Ja, Sanne de Vries heeft een eigen e-mailadres/).check();
  await shot("beheer");
  await page.getByRole("button", { name: "Volgende" }).click();

  await page.getByLabel("E-mailadres").fill("sanne.e2e@voorbeeld.example");
  await shot("e-mailadres");
  await page.getByRole("button", { name: "Volgende" }).click();

  await page.getByLabel("Ja").check();
  await shot("brief");
  await page.getByRole("button", { name: "Verder" }).click();

  await page.getByLabel("Code uit de brief").fill(letter.code);
  await page.getByLabel("Geboortedatum").fill(dutch(letter.birth_date));
  await shot("code");
  await page.getByRole("button", { name: "Volgende" }).click();

  assert.equal(await page.locator("h1").innerText(), "Ik heb een koppeling gevonden");
  assert.ok((await page.content()).includes(letter.provider));
  await page.getByLabel("Ja, dit klopt").check();
  await shot("koppeling");
  await page.getByRole("button", { name: "Volgende" }).click();

  await shot("controle");
  await page.getByRole("button", { name: "Volgende" }).click();
  assert.equal(await page.locator("h1").innerText(), "We hebben je een e-mail gestuurd");
  await shot("e-mail-verstuurd");

  // The e-mail, as the demo outbox shows it; its link is clicked like in a mail program.
  await waitForOutbox(page, /Activeer je account bij Zorgkring/);
  await page.getByRole("link", { name: "Activeer je account bij Zorgkring" }).first().click();
  await shot("activatie-e-mail");
  await page.locator("a[href*='/activeren/']").first().click();
  await shot("account-activeren");
  await page.getByRole("button", { name: "Account activeren" }).click();

  await page.getByLabel("Wachtwoord", { exact: true }).fill("fiets boom regen lantaarn");
  await page.getByLabel("Vul je wachtwoord nog een keer in").fill("fiets boom regen lantaarn");
  await shot("wachtwoord");
  await page.getByRole("button", { name: "Volgende" }).click();

  assert.equal(await page.locator("h1").innerText(), "Je account is aangemaakt!");
  await shot("account-aangemaakt");
  await page.getByRole("link", { name: "Start met Zorgkring" }).click();

  assert.ok((await page.content()).includes("Voeg je telefoonnummer toe"));
  await shot("zorgpagina-telefoon-nodig");
  await page.getByRole("link", { name: "Telefoonnummer toevoegen" }).click();
  await page.getByLabel("Mobiel telefoonnummer").fill("06 1234 5678");
  await shot("profiel-telefoon");
  await page.getByRole("button", { name: "Stuur een code" }).click();

  const outbox = await waitForOutbox(page, /Je code voor Zorgkring is \d{6}/);
  const code = outbox.match(/Je code voor Zorgkring is (\d{6})/)[1];
  await page.goBack();
  await page.goto(server.base + "/profiel/telefoon/code");
  await page.getByLabel("Code uit de sms").fill(code);
  await shot("sms-code");
  await page.getByRole("button", { name: "Volgende" }).click();

  assert.equal(await page.getByRole("heading", { name: "Jouw behandelaar" }).first().isVisible(), true);
  const html = await page.content();
  for (const name of client.practitioners) assert.ok(html.includes(name), name);
  assert.ok(html.includes("Je volgende afspraken"));
  await shot("zorgpagina");
  await context.close();
});
