// /ui/sign-in: POST /login (then /login/second-factor when asked), or the discoverable passkey
// ceremony: POST /login/passkey/options, the browser's get(), POST /login/passkey.
import { api, onSubmit, secondFactorStep, session, show, go, describe, requestOptions,
         credentialJson, passkeysSupported } from "./ui.js";

const passwordForm = document.getElementById("password-form");
const secondFactor = document.getElementById("second-factor");
let challenge = "";

function signedIn(grant) {
  session.keep(grant.access_token);
  go("account");
}

const query = new URLSearchParams(location.search);
if (query.has("signed-out")) document.getElementById("notice").textContent = "You are signed out.";
if (query.has("deleted")) document.getElementById("notice").textContent = "Your account is deleted.";

onSubmit(passwordForm, async (data) => {
  const answer = await api("POST", "/login", {
    body: { email: String(data.get("email") || "").trim(), password: String(data.get("password") || "") },
  });
  if (answer.status === "second_factor_required") {
    challenge = answer.challenge;
    passwordForm.hidden = true;
    document.getElementById("passkey-box").hidden = true;
    show(secondFactor, document.getElementById("sf-code"));
    return;
  }
  signedIn(answer);
});

secondFactorStep(secondFactor, () => challenge, signedIn);

const passkeyButton = document.getElementById("passkey-sign-in");
const passkeyError = document.getElementById("passkey-error");
if (!passkeysSupported()) {
  passkeyButton.disabled = true;
  passkeyError.textContent = "This browser cannot use passkeys. Sign in with your password.";
}
passkeyButton.addEventListener("click", async () => {
  passkeyError.textContent = "";
  passkeyButton.disabled = true;
  try {
    const offer = await api("POST", "/login/passkey/options");
    const credential = await navigator.credentials.get({ publicKey: requestOptions(offer.options) });
    signedIn(await api("POST", "/login/passkey",
                       { body: { flow: offer.flow, credential: credentialJson(credential) } }));
  } catch (error) {
    passkeyError.textContent = describe(error);
  } finally {
    passkeyButton.disabled = false;
  }
});
