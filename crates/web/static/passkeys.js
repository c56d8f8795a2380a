// Passkeys in the browser: reads the challenge the server put in the page, asks the browser's
// passkey dialog (navigator.credentials), and posts the answer in the same form. Without
// JavaScript or WebAuthn the page says so and the other ways to log in stay available.
(function () {
  "use strict";
  const form = document.getElementById("passkey-form");
  if (!form) return;
  const options = JSON.parse(document.getElementById("passkey-options").textContent);
  const answer = document.getElementById("passkey-answer");
  const problem = document.getElementById("passkey-problem");

  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(b64 + "===".slice((b64.length + 3) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer;
  };
  const toText = (buffer) => {
    if (!buffer) return null;
    let raw = "";
    for (const b of new Uint8Array(buffer)) raw += String.fromCharCode(b);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const withBytes = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));

  const show = (text) => {
    problem.textContent = text;
    problem.hidden = false;
    problem.focus();
  };

  if (!window.PublicKeyCredential) {
    show(problem.dataset.unsupported);
    return;
  }

  form.addEventListener("submit", async (event) => {
    if (answer.value) return;
    event.preventDefault();
    try {
      const pk = options.publicKey;
      let credential;
      if (form.dataset.passkey === "create") {
        pk.challenge = toBytes(pk.challenge);
        pk.user.id = toBytes(pk.user.id);
        pk.excludeCredentials = withBytes(pk.excludeCredentials);
        credential = await navigator.credentials.create({ publicKey: pk });
        answer.value = JSON.stringify({
          id: credential.id,
          rawId: toText(credential.rawId),
          type: credential.type,
          response: {
            attestationObject: toText(credential.response.attestationObject),
            clientDataJSON: toText(credential.response.clientDataJSON),
            transports: credential.response.getTransports ? credential.response.getTransports() : [],
          },
          extensions: {},
        });
      } else {
        pk.challenge = toBytes(pk.challenge);
        pk.allowCredentials = withBytes(pk.allowCredentials);
        credential = await navigator.credentials.get({ publicKey: pk });
        answer.value = JSON.stringify({
          id: credential.id,
          rawId: toText(credential.rawId),
          type: credential.type,
          response: {
            authenticatorData: toText(credential.response.authenticatorData),
            clientDataJSON: toText(credential.response.clientDataJSON),
            signature: toText(credential.response.signature),
            userHandle: toText(credential.response.userHandle),
          },
          extensions: {},
        });
      }
      form.submit();
    } catch (e) {
      show(problem.dataset.failed);
    }
  });
})();
